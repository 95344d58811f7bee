package dev.socketchat.socketio;

/** Where an Engine.IO session is in its life: created, open, probing an upgrade to a WebSocket, or ended. */
enum EngineState {
  /** Created; its open packet has not been sent yet. */
  OPENING,
  /** Open on its transport, polling or WebSocket. */
  OPEN,
  /** Open on polling while a WebSocket probes the upgrade. */
  UPGRADING,
  /** Ended; nothing more is sent or received. */
  CLOSED
}
