package dev.socketchat.connection;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * In the WAR, in front of the container's WebSocket upgrade: answers 429 {@code TOO_MANY_CONNECTIONS} to a handshake
 * that would open a new connection ({@code /chat}, or {@code /socket.io/} without {@code sid}) from an address that
 * has all its slots ({@link AddressSlots}), and hands the address to the handshake ({@link Handshakes}). Where the
 * container upgrades before filters run, the endpoint still counts and closes the connection with 1008.
 */
@WebFilter(urlPatterns = {"/chat", "/socket.io/*"}, asyncSupported = true)
public final class ConnectionsPerAddressFilter extends HttpFilter {
  /** The body of every 429 answer. */
  public static final String REFUSAL = "{\"status\":false,\"reason\":\"" + AddressSlots.REFUSED + "\"}";

  private transient AddressSlots slots;

  @Override
  public void init() {
    slots = CDI.current().select(AddressSlots.class).get();
  }

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (!WarHandshakes.isHandshake(request) || !opensConnection(path, request.getQueryString())) {
      chain.doFilter(request, response);
      return;
    }
    String address = request.getRemoteAddr();
    if (slots.refuses(address)) {
      refuse(response);
      return;
    }
    Handshakes.handshaking(address, null);
    try {
      chain.doFilter(request, response);
    } finally {
      Handshakes.handshakeDone();
    }
  }

  /** Answers 429 with {@link #REFUSAL}. */
  public static void refuse(HttpServletResponse response) throws IOException {
    WarHandshakes.refuse(response, 429, REFUSAL);
  }

  /**
   * Whether a request to this path (below the context) opens a new WebSocket connection: a WebSocket upgrade of
   * {@code /chat}, or of {@code /socket.io/} without a {@code sid} (with one, it upgrades a session already counted).
   */
  public static boolean opensWebSocket(String path, String upgrade, String query) {
    return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket") && opensConnection(path, query);
  }

  /**
   * Whether a handshake for this path (below the context) opens a new connection: one of {@code /chat}, or of {@code
   * /socket.io/} without a {@code sid} (with one, it upgrades a session already counted).
   */
  static boolean opensConnection(String path, String query) {
    String matched = EndpointPaths.matched(path); // as the container routes it: /%63hat and /chat;a=b are /chat
    return "/chat".equals(matched)
        || ("/socket.io/".equals(matched) && (query == null || !query.matches("(.*&)?sid=.*")));
  }
}
