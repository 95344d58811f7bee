package dev.socketchat.web;

import dev.socketchat.domain.RoomManager;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** {@code GET /status}: the engine's counts as JSON, for health checks, dashboards and leak checks in tests. */
@WebServlet(urlPatterns = "/status", loadOnStartup = 1)
public final class StatusServlet extends HttpServlet {
  private transient RoomManager rooms;

  @Override
  public void init() {
    rooms = CDI.current().select(RoomManager.class).get();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    RoomManager.Status status = rooms.status();
    String body =
        "{\"status\":\"UP\",\"connections\":%d,\"seats\":%d,\"rooms\":%d,\"openRooms\":%d,\"memberships\":%d}"
            .formatted(
                status.connections(),
                status.seats(),
                status.registry().ownedRooms(),
                status.registry().openRooms(),
                status.registry().memberships());
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write(body);
  }
}
