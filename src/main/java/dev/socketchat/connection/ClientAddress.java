package dev.socketchat.connection;

import jakarta.websocket.Session;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The client address of a WebSocket connection. The WebSocket API has none, so the layer in front of the upgrade hands
 * it to the handshake ({@link Handshakes}), which keeps it in the session's user properties; containers that publish
 * the address there themselves (Undertow, Jetty) are read as a fallback.
 */
public final class ClientAddress {
  /** The user property that holds the address as text ({@code 127.0.0.1}). */
  static final String PROPERTY = "dev.socketchat.clientAddress";

  private static final String[] CONTAINER_PROPERTIES = {
    "jakarta.websocket.endpoint.remoteAddress", "javax.websocket.endpoint.remoteAddress"
  };
  private ClientAddress() {}

  /** The client address of an open session, or null when neither socketchat nor the container knows it. */
  public static String of(Session session) {
    Map<String, Object> properties = session.getUserProperties();
    if (properties.get(PROPERTY) instanceof String address) {
      return address;
    }
    for (String name : CONTAINER_PROPERTIES) {
      if (properties.get(name) instanceof InetSocketAddress socket && socket.getAddress() != null) {
        return socket.getAddress().getHostAddress();
      }
    }
    return null;
  }
}
