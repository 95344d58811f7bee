package dev.socketchat.socketio;

import java.util.List;

/** How an Engine.IO session's packets reach its peer: a WebSocket, or the long-polling GET that is waiting. */
interface Transport {

  /** {@code websocket} or {@code polling}, as in the {@code transport} query parameter. */
  String name();

  /** Whether packets can be handed over now: always for a WebSocket, while a GET waits for polling. */
  boolean writable();

  /** Hands packets over; called with the session's lock held and only when writable, so it must never block. */
  void write(List<EnginePacket> packets);

  /**
   * Ends the transport: {@code last}, when not null, is the final packet for a waiting GET; a WebSocket is closed with
   * {@code reason} as its close phrase.
   */
  void close(EnginePacket last, String reason);
}
