/**
 * Signed identity: the {@code socketchat.auth.*} settings and the check of a site's JWT (nimbus-jose-jwt) that turns a
 * token into the {@link dev.socketchat.domain.Identity} a connection speaks as.
 */
package dev.socketchat.auth;
