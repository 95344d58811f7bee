package dev.socketchat.connection;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.HexFormat;

/**
 * In the WAR, in front of the container's WebSocket upgrade: answers 400 (empty body) to a handshake whose query holds
 * a {@code %} not followed by two hex digits, as WildFly does by itself; Tomcat's upgrade would answer 500 and log a
 * SEVERE stack trace for each, so any client could fill its log. (The standalone runner's BadRequestFilter asks the
 * same of its handshakes.)
 */
@WebFilter(urlPatterns = {"/chat", "/socket.io/*"}, asyncSupported = true)
public final class HandshakeQueryFilter extends HttpFilter {

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (WarHandshakes.isHandshake(request) && !wellEscaped(request.getQueryString())) {
      response.setStatus(400);
      response.setContentLength(0);
      return;
    }
    chain.doFilter(request, response);
  }

  /** Whether every {@code %} in a raw query begins an escape of two hex digits (a null query has none). */
  public static boolean wellEscaped(String query) {
    if (query == null) {
      return true;
    }
    for (int i = query.indexOf('%'); i >= 0; i = query.indexOf('%', i + 3)) {
      if (i + 2 >= query.length()
          || !HexFormat.isHexDigit(query.charAt(i + 1))
          || !HexFormat.isHexDigit(query.charAt(i + 2))) {
        return false;
      }
    }
    return true;
  }
}
