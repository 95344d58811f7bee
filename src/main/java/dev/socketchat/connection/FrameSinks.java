package dev.socketchat.connection;

import jakarta.websocket.Session;

/** Where a session's {@link FrameSink} is kept: one of its user properties, put there by {@link Handshakes}. */
public final class FrameSinks {
  /** The user property that holds the session's sink. */
  static final String PROPERTY = "dev.socketchat.frameSink";

  private FrameSinks() {}

  /**
   * The sink of an open session; null when its runner offers none, or when the session negotiated an extension (its
   * frames would need the container's encoding).
   */
  static FrameSink of(Session session) {
    return usable(offered(session), session);
  }

  /** The offered sink (null for none) if the session may write through it: not when it negotiated an extension. */
  static FrameSink usable(FrameSink offered, Session session) {
    return offered != null && session.getNegotiatedExtensions().isEmpty() ? offered : null;
  }

  /** The sink the runner offered the session, extensions or not; null when it offers none. */
  static FrameSink offered(Session session) {
    return session.getUserProperties().get(PROPERTY) instanceof FrameSink sink ? sink : null;
  }
}
