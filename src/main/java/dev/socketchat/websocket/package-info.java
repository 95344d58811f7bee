/**
 * The Jakarta WebSocket side: the {@code /chat} endpoint, CDI-made endpoint instances, and the per-connection outbox
 * and heartbeat that keep slow or dead peers from hurting anyone else.
 */
package dev.socketchat.websocket;
