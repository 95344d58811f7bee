/**
 * The {@code /chat} room protocol on Jakarta WebSocket: its endpoint, the handling of its requests, the rendering of
 * room events in each connection's dialect, and the access token a handshake may carry.
 */
package dev.socketchat.websocket;
