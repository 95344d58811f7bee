/**
 * The open multi-room chat of the Socket.IO pages ({@code join_room}, {@code chatting}, {@code exit_room}) on the
 * default namespace: the handshake's {@code name} and {@code room} put each socket in an open room of the same room
 * engine that serves {@code /chat}.
 */
package dev.socketchat.socketio.chat;
