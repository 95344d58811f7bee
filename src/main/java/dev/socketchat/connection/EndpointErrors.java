package dev.socketchat.connection;

import jakarta.websocket.DecodeException;
import java.io.IOException;
import java.util.Set;

/**
 * Sorts the failures a container reports to an endpoint's {@code @OnError}: what a peer can cause at will (I/O, a
 * broken or oversized frame, a message no decoder reads) from an unexpected failure of socketchat's own code.
 */
public final class EndpointErrors {
  /** The containers' own exceptions for a peer's broken frames, by name: Tyrus is not there in every WAR. */
  private static final Set<String> PEER_FAILURES = Set.of("org.glassfish.tyrus.core.WebSocketException");

  /** How far down a chain of causes to look: a chain that long is no peer's doing. */
  private static final int MAX_CAUSES = 16;

  private EndpointErrors() {}

  /**
   * Logs a failure the container reported on a connection: one a peer caused at DEBUG, as one line, so that no client
   * can fill the log with them; any other at WARNING with its stack.
   *
   * @param connection names the connection in the log, e.g. {@code "connection 7843e2f5:12"}
   * @return true when it is a fault of the server's own, which the caller closes with 1011
   */
  public static boolean log(System.Logger log, String connection, Throwable failure) {
    if (causedByPeer(failure)) {
      log.log(System.Logger.Level.DEBUG, "{0} failed: {1}", connection, failure.toString());
      return false;
    }
    log.log(System.Logger.Level.WARNING, "unexpected failure on " + connection, failure);
    return true;
  }

  /**
   * True for what a peer can cause: an {@link IOException} (a reset, a closed channel, Tomcat's and Undertow's broken
   * frames), a {@link DecodeException}, Tyrus's protocol errors (a frame over the limit, bad UTF-8, a framing error),
   * or anything caused by one of these; false for everything else, which is a fault of the server's own.
   */
  public static boolean causedByPeer(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      if (cause instanceof IOException || cause instanceof DecodeException || isContainersPeerFailure(cause)) {
        return true;
      }
      cause = cause.getCause();
    }
    return false;
  }

  private static boolean isContainersPeerFailure(Throwable failure) {
    for (Class<?> type = failure.getClass(); type != null; type = type.getSuperclass()) {
      if (PEER_FAILURES.contains(type.getName())) {
        return true;
      }
    }
    return false;
  }
}
