/**
 * The standalone runner: Weld SE, then Tyrus on a Grizzly HTTP server that also serves the page and the servlets.
 * Built into {@code socketchat-standalone.jar}; not part of the WAR.
 */
package dev.socketchat.standalone;
