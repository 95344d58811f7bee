package dev.socketchat.websocket;

import dev.socketchat.auth.TokenVerifier;
import dev.socketchat.connection.WarHandshakes;
import dev.socketchat.domain.RoomManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * In the WAR, in front of the container's WebSocket upgrade: answers 401 to a {@code /chat} handshake whose {@code
 * access_token} is refused ({@link AccessTokens}). Where the container upgrades before filters run, the endpoint
 * closes such a connection with 1008 and the reason instead.
 */
@WebFilter(urlPatterns = "/chat", asyncSupported = true)
public final class AccessTokenFilter extends HttpFilter {
  private transient TokenVerifier tokens;
  private transient RoomManager rooms;

  @Override
  public void init() {
    tokens = CDI.current().select(TokenVerifier.class).get();
    rooms = CDI.current().select(RoomManager.class).get();
  }

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String refusal =
        WarHandshakes.isHandshake(request) ? AccessTokens.refusal(tokens, rooms, path, request.getQueryString()) : null;
    if (refusal == null) {
      chain.doFilter(request, response);
      return;
    }
    response.setHeader("WWW-Authenticate", AccessTokens.CHALLENGE);
    WarHandshakes.refuse(response, AccessTokens.UNAUTHORIZED, refusal);
  }
}
