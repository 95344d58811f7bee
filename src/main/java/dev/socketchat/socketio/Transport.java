package dev.socketchat.socketio;

import java.util.List;

/** How an Engine.IO session's packets reach its peer: a WebSocket, or the long-polling GET that is waiting. */
interface Transport {

  /** Carries the given session from now on (called once, before the session starts). */
  void bind(EngineSession owner);

  /** {@code websocket} or {@code polling}, as in the {@code transport} query parameter. */
  String name();

  /** Whether packets can be handed over now: always for a WebSocket, while a GET waits for polling. */
  boolean writable();

  /**
   * Whether packets go straight to the transport when none wait before them (a WebSocket, whose outbox bounds itself)
   * rather than through the session's queue (polling, where they wait for the next GET).
   */
  boolean streams();

  /**
   * Hands packets over if the transport can take them now (a WebSocket always can, polling while a GET waits), reading
   * them before it returns; false when it cannot, and they stay with the session. Called with the session's lock
   * held, so it must never block.
   */
  boolean write(List<EnginePacket> packets);

  /**
   * Ends the transport: {@code last}, when not null, is the final packet for a waiting GET; a WebSocket is closed with
   * {@code reason} as its close phrase.
   */
  void close(EnginePacket last, String reason);

  /** Whether the session may move from this transport to a WebSocket (polling: yes; a WebSocket: no). */
  boolean upgradable();

  /** Called with the session's lock held: an upgrade probe was answered, the client will pause this transport. */
  void probed();

  /**
   * Called with the session's lock held: the upgrade this transport probed completed, it carries the session from now
   * on (what it receives is the session's, no longer the probe's).
   */
  void activate();

  /** The session moved to another transport (called without the session's lock). */
  void replaced();

  /** The client closed the session through this transport (called without the session's lock). */
  void closedByClient();
}
