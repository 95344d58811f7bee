package dev.socketchat.web;

import dev.socketchat.metrics.Meters;
import dev.socketchat.metrics.MetricsSettings;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code GET /metrics}: every meter in Prometheus' text format. With {@code socketchat.metrics.token} set, only a
 * request with {@code Authorization: Bearer <token>} gets them (401 otherwise); with metrics off it is a 404.
 */
@WebServlet(urlPatterns = "/metrics", loadOnStartup = 1)
public final class MetricsServlet extends HttpServlet {
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4";
  private static final String SCHEME = "Bearer";

  private transient Meters meters;
  private transient byte[] expected;

  @Override
  public void init() {
    meters = CDI.current().select(Meters.class).get();
    String token = CDI.current().select(MetricsSettings.class).get().token();
    expected = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    response.setHeader("Cache-Control", "no-store");
    if (expected != null && !authorized(request.getHeader("Authorization"))) {
      // not sendError: containers may replace the headers with an error page's
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader("WWW-Authenticate", "Bearer realm=\"socketchat metrics\"");
      response.setContentLength(0);
      return;
    }
    Optional<String> scrape = meters.scrape();
    if (scrape.isEmpty()) {
      response.sendError(HttpServletResponse.SC_NOT_FOUND);
      return;
    }
    response.setContentType(CONTENT_TYPE);
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.getWriter().write(scrape.get());
  }

  /**
   * Whether the header carries the token, compared in constant time, after the scheme {@code Bearer} in any case (RFC
   * 9110, section 11.1) and the spaces that follow it.
   */
  private boolean authorized(String header) {
    if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return false;
    }
    String credentials = header.substring(SCHEME.length()).stripLeading();
    return header.length() > SCHEME.length()
        && header.charAt(SCHEME.length()) == ' '
        && MessageDigest.isEqual(credentials.getBytes(StandardCharsets.UTF_8), expected);
  }
}
