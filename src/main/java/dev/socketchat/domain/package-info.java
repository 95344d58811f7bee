/**
 * The room engine: value objects that guard their own limits, the rules of rooms and memberships, and the delivery of
 * room events to this node's members. Nothing here knows about WebSocket, JSON or any wire format.
 */
package dev.socketchat.domain;
