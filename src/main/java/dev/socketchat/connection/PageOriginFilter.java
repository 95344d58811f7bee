package dev.socketchat.connection;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;

/**
 * In the WAR, in front of the container's WebSocket upgrade: answers 403 {@code ORIGIN_NOT_ALLOWED} to a handshake
 * from a page origin {@code socketchat.origins} does not list ({@link PageOrigins}), so every container answers it
 * alike (WildFly's own refusal fell through to the servlets: 404 on {@code /chat}, 400 on {@code /socket.io/}).
 */
@WebFilter(urlPatterns = {"/chat", "/socket.io/*"}, asyncSupported = true)
public final class PageOriginFilter extends HttpFilter {
  private transient PageOrigins origins;

  @Override
  public void init() {
    origins = CDI.current().select(PageOrigins.class).get();
  }

  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!WarHandshakes.isHandshake(request) || origins.allows(Collections.list(request.getHeaders("Origin")))) {
      chain.doFilter(request, response);
      return;
    }
    WarHandshakes.refuse(response, HttpServletResponse.SC_FORBIDDEN, PageOrigins.REFUSAL);
  }
}
