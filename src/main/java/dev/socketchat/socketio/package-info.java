/**
 * Engine.IO v4 and Socket.IO v5 on Jakarta WebSocket and Servlet: sessions by {@code sid} over WebSocket or HTTP
 * long-polling (with the upgrade between them), the protocol's own heartbeat, and namespaces whose handlers receive
 * events and answer acks, and connection state recovery for namespaces that log their broadcasts. Generic: the chat
 * is one user of it ({@code socketio.chat}), the compliance test server another.
 */
package dev.socketchat.socketio;
