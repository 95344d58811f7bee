package dev.socketchat.metrics;

import java.util.Locale;

/** Why a connection ended, as the {@code cause} of {@code socketchat_connections_closed_total}. */
public enum CloseCause {
  /** The client closed it (a close frame, a Socket.IO disconnect or Engine.IO close). */
  CLIENT,
  /** The network lost it: no close frame (1006), a failed send or poll. */
  NETWORK,
  /** It went silent past the heartbeat timeout. */
  HEARTBEAT,
  /** It read too slowly: its outbox overflowed or a send stalled (1013). */
  SLOW_READER,
  /** It flooded: refused for its rate too often in a row (1008). */
  RATE_LIMIT,
  /** It broke the protocol: an oversized or malformed frame (1009, 1002, 1007). */
  PROTOCOL,
  /** Its sign-in token ended without a fresh one, or was refused at the handshake (1008). */
  AUTH,
  /** Its session was resumed on another connection. */
  TAKEOVER,
  /** The server shut down. */
  SHUTDOWN,
  /** The server failed serving it. */
  ERROR;

  /** The label value: the name in lower case. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
