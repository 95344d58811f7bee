package dev.socketchat.connection;

import jakarta.websocket.Session;
import java.time.Duration;

/**
 * Bounds the writes a container makes on its own thread for a session: Tomcat answers a client's ping with a pong
 * written in blocking mode on the request thread that read the ping, and waits up to 20 s (its default) for a client
 * that reads nothing, so a few clients that ping and never read would hold every request thread of the server.
 */
final class ContainerWrites {
  /**
   * Tomcat's session user property for how long, in milliseconds, a blocking send may wait (its pongs, pings, the echo
   * of a client's 1000 close; its other closes have a budget of their own, 50 ms): {@code
   * Constants.BLOCKING_SEND_TIMEOUT_PROPERTY}, documented in Tomcat's WebSocket how-to. Past it, Tomcat closes the
   * session itself (1001).
   */
  private static final String TOMCAT_BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

  /** The package of Tomcat's WebSocket sessions ({@code org.apache.tomcat.websocket.WsSession}). */
  private static final String TOMCAT = "org.apache.tomcat.websocket.";

  private ContainerWrites() {}

  /**
   * Lets the container's own writes on this session wait at most {@code stall}: the time a reader that takes nothing
   * is given before it is closed as too slow. Sessions of other containers are left as they are (Tyrus and Undertow
   * write their pongs without holding a thread), so that the runner's idle connections keep no map entry for it.
   */
  static void bound(Session session, Duration stall) {
    if (session.getClass().getName().startsWith(TOMCAT)) {
      session.getUserProperties().put(TOMCAT_BLOCKING_SEND_TIMEOUT, stall.toMillis());
    }
  }
}
