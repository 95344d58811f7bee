package dev.socketchat.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * In the WAR, has browsers check the chat page's files with the server before each use ({@code Cache-Control:
 * no-cache}), as the runner's own file handler does: the containers' default servlets send none, and a browser may
 * then keep an old module of the page past an upgrade of the WAR and run it with the new ones. The servlets set their
 * own ({@code no-store}, or the client script's), and a WebSocket handshake is left as it is.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public final class PageFilesFilter extends HttpFilter {
  @Override
  protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    String upgrade = request.getHeader("Upgrade");
    if (upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
      response.setHeader("Cache-Control", "no-cache"); // a client's offer of HTTP/2 (h2c) is an Upgrade too
    }
    chain.doFilter(request, response);
  }
}
