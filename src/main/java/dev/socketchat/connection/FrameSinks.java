package dev.socketchat.connection;

import jakarta.websocket.Session;

/**
 * Hands the {@link FrameSink} of a connection being upgraded from the layer in front of the upgrade (the runner's
 * Grizzly filter) to the handshake on the thread that runs it, as {@link ClientAddress} does with the address; {@link
 * CdiConfigurator} keeps it with the new session.
 */
public final class FrameSinks {
  /** The user property that holds the session's sink. */
  static final String PROPERTY = "dev.socketchat.frameSink";

  private static final ThreadLocal<FrameSink> HANDSHAKING = new ThreadLocal<>();

  private FrameSinks() {}

  /** Tells the handshake about to run on this thread how to write frames to its connection. */
  public static void handshaking(FrameSink sink) {
    HANDSHAKING.set(sink);
  }

  /** The sink {@link #handshaking} gave this thread, forgotten as it is read; null when none. */
  static FrameSink takeHandshaking() {
    FrameSink sink = HANDSHAKING.get();
    HANDSHAKING.remove();
    return sink;
  }

  /**
   * The sink of an open session; null when its runner offers none, or when the session negotiated an extension (its
   * frames would need the container's encoding).
   */
  static FrameSink of(Session session) {
    return session.getUserProperties().get(PROPERTY) instanceof FrameSink sink
            && session.getNegotiatedExtensions().isEmpty()
        ? sink
        : null;
  }
}
