package dev.socketchat.connection;

import jakarta.websocket.Session;
import java.util.Map;

/**
 * Hands what the layer in front of a WebSocket upgrade knows of the connection to the handshake, which runs on the
 * same thread: its client address (the WebSocket API has none; a servlet filter in the WAR, a Grizzly filter in the
 * runner) and, on the runner, a way to write its frames ({@link FrameSink}). {@link CdiConfigurator} keeps both with
 * the new session, where {@link ClientAddress#of} and {@link FrameSinks#of} find them.
 */
public final class Handshakes {
  /** What one upgrade hands over; either part may be null. */
  private record Handover(String address, FrameSink sink) {}

  private static final ThreadLocal<Handover> HANDSHAKING = new ThreadLocal<>();

  private Handshakes() {}

  /** Tells the handshake about to run on this thread which address it comes from and how to write its frames. */
  public static void handshaking(String address, FrameSink sink) {
    HANDSHAKING.set(new Handover(address, sink));
  }

  /** Forgets what {@link #handshaking} said, once the handshake ran (or did not). */
  public static void handshakeDone() {
    HANDSHAKING.remove();
  }

  /**
   * Takes what {@link #keepIn} put into an open session's user properties out again, once the session's outbox and
   * address slot have read it: every idle connection would otherwise keep two map entries and its address text.
   */
  static void forget(Session session) {
    Map<String, Object> properties = session.getUserProperties();
    properties.remove(ClientAddress.PROPERTY);
    properties.remove(FrameSinks.PROPERTY);
  }

  /** Puts what {@link #handshaking} gave this thread into a new session's user properties, and forgets it. */
  static void keepIn(Map<String, Object> userProperties) {
    Handover handover = HANDSHAKING.get();
    HANDSHAKING.remove();
    if (handover == null) {
      return;
    }
    if (handover.address() != null) {
      userProperties.put(ClientAddress.PROPERTY, handover.address());
    }
    if (handover.sink() != null) {
      userProperties.put(FrameSinks.PROPERTY, handover.sink());
    }
  }
}
