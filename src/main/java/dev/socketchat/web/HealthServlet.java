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
 * {@code GET /health/live} and {@code /health/ready}, for load balancers and Kubernetes probes: live answers 200 while
 * the server serves HTTP at all; ready answers 200 while the room engine can take requests and 503 while it cannot:
 * while the node drains (it restarts) or, in cluster mode, while Redis is out of reach.
 */
@WebServlet(urlPatterns = {"/health/live", "/health/ready"}, loadOnStartup = 1)
public final class HealthServlet extends HttpServlet {
  private transient RoomManager rooms;
  private transient LiveSessions live;

  @Override
  public void init() {
    rooms = CDI.current().select(RoomManager.class).get();
    live = CDI.current().select(LiveSessions.class).get();
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String state = request.getServletPath().endsWith("/ready") ? readiness() : "UP";
    if (!state.equals("UP")) {
      response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
    }
    response.setContentType("application/json");
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    response.setHeader("Cache-Control", "no-store");
    response.getWriter().write("{\"status\":\"" + state + "\"}");
  }

  /** UP when the engine answers (the same counts /status reports), else why not: DRAINING, UNAVAILABLE. */
  private String readiness() {
    if (live.draining()) {
      return "DRAINING";
    }
    try {
      var unused = rooms.status();
      return "UP";
    } catch (Refusal unavailable) {
      return unavailable.reason().name();
    }
  }
}
