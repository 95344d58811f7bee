package dev.socketchat.connection;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;

/**
 * What the WAR's filters in front of the container's WebSocket upgrade share: which requests are handshakes (as the
 * most willing container takes them) and how one is refused.
 */
public final class WarHandshakes {
  private WarHandshakes() {}

  /**
   * Whether a container may take the request for a WebSocket handshake: any of its {@code Upgrade} headers names
   * WebSocket (Tomcat reads them all), or it has an {@code Upgrade} and a {@code Sec-WebSocket-Key} (Undertow
   * upgrades whatever the {@code Upgrade} says).
   */
  public static boolean isHandshake(HttpServletRequest request) {
    boolean upgrade = false;
    for (String value : Collections.list(request.getHeaders("Upgrade"))) {
      upgrade = true;
      if (value.toLowerCase(Locale.ROOT).contains("websocket")) {
        return true;
      }
    }
    return upgrade && request.getHeader("Sec-WebSocket-Key") != null;
  }

  /** Answers a refused handshake (or poll) with this status and JSON body, not to be stored by caches. */
  public static void refuse(HttpServletResponse response, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    response.setStatus(status);
    response.setContentType("application/json");
    response.setHeader("Cache-Control", "no-store");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
