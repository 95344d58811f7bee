package dev.socketchat.socketio;

import dev.socketchat.metrics.CloseCause;

/** What the reasons an Engine.IO session ends for (its protocol's words: "ping timeout", …) count as. */
final class EngineCloses {
  private EngineCloses() {}

  /**
   * Whether a WebSocket closed for {@code cause} first carries what was sent before the close: the last refusal before a
   * close for flooding, the acks and events before a packet that broke the protocol, everything before a shutdown.
   */
  static boolean sendsWhatWaits(CloseCause cause) {
    return cause == CloseCause.RATE_LIMIT || cause == CloseCause.SHUTDOWN || cause == CloseCause.PROTOCOL;
  }

  /** The cause an Engine.IO close reason counts as. */
  static CloseCause cause(String reason) {
    if (reason.equals("ping timeout")) {
      return CloseCause.HEARTBEAT;
    }
    if (reason.equals("client close") || reason.startsWith("transport close: the client")) {
      return CloseCause.CLIENT;
    }
    if (reason.startsWith("too slow")) {
      return CloseCause.SLOW_READER;
    }
    if (reason.equals(SocketRecovery.SHUTDOWN) || reason.equals(SocketRecovery.RESTART)) {
      return CloseCause.SHUTDOWN;
    }
    if (reason.equals(SocketIoConnection.FLOODING)) {
      return CloseCause.RATE_LIMIT;
    }
    if (reason.equals("server error") || reason.equals(SocketIoConnection.UNAVAILABLE)) {
      return CloseCause.ERROR;
    }
    if (reason.startsWith("its socket was recovered")) {
      return CloseCause.TAKEOVER;
    }
    if (reason.equals("transport close")
        || reason.equals("transport error: incomplete POST body")
        || reason.equals(EngineSession.PROBE_LOST)) {
      return CloseCause.NETWORK;
    }
    // parse errors, a WebSocket closed for a broken frame (1002, 1007, 1009), payloads over the limit, overlapping
    // requests, binary bodies, no namespace joined in time
    return CloseCause.PROTOCOL;
  }
}
