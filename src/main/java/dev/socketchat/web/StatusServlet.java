package dev.socketchat.web;

import dev.socketchat.connection.LiveSessions;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /status}: the engine's counts as JSON, for health checks, dashboards and leak checks in tests. In cluster
 * mode {@code connections} and {@code seats} are this node's, the room and membership counts the whole cluster's; while
 * the node drains it answers 503 with {@code "status":"DRAINING"} and the counts (none while Redis is out of reach),
 * and while Redis is out of reach 503 with {@code "status":"UNAVAILABLE"}.
 */
@WebServlet(urlPatterns = "/status", loadOnStartup = 1)
public final class StatusServlet extends HttpServlet {
  private transient RoomManager rooms;
  private transient LiveSessions live;

  @Override
  public void init() {
    rooms = CDI.current().select(RoomManager.class).get();
    live = CDI.current().select(LiveSessions.class).get();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    boolean draining = live.draining();
    if (draining) {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE); // as /health/ready: send it no clients
    }
    String body;
    try {
      RoomManager.Status status = rooms.status();
      body =
          String.format(
              "{\"status\":\"%s\",\"connections\":%d,\"suspended\":%d,\"seats\":%d,\"rooms\":%d,"
                  + "\"openRooms\":%d,\"memberships\":%d}",
              draining ? "DRAINING" : "UP",
              status.connections(),
              status.suspended(),
              status.seats(),
              status.registry().ownedRooms(),
              status.registry().openRooms(),
              status.registry().memberships());
    } catch (Refusal unavailable) {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
      body = "{\"status\":\"%s\"}".formatted(draining ? "DRAINING" : unavailable.reason().name());
    }
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(body);
  }
}
