package dev.socketchat.socketio;

import dev.socketchat.connection.AddressSlots;
import dev.socketchat.connection.ConnectionsPerAddressFilter;
import dev.socketchat.connection.LiveSessions;
import dev.socketchat.connection.WarHandshakes;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /socket.io/}: Engine.IO's HTTP long-polling transport. A GET without {@code sid} opens a session; with one it
 * waits for packets; a POST delivers packets. WebSocket requests to the same path never get here: the container
 * hands them to {@link SocketIoEndpoint}.
 */
@WebServlet(urlPatterns = "/socket.io/*", asyncSupported = true, loadOnStartup = 1)
public final class PollingServlet extends HttpServlet {
  /**
   * The context parameter by which a server says it hands over only requests whose bodies (up to {@code maxPayload})
   * have arrived in full, as the standalone runner does: a POST's body is then read as a blocking read, which never
   * waits there. Elsewhere it is read asynchronously, so that no request thread waits for a stalled body.
   */
  public static final String BODIES_GATHERED = "dev.socketchat.http.bodies-gathered";

  private static final String DRAINING = "{\"status\":false,\"reason\":\"DRAINING\"}";

  private transient EngineSessions engine;
  private transient AddressSlots slots;
  private transient LiveSessions live;
  private boolean bodiesGathered;

  @Override
  public void init() {
    engine = CDI.current().select(EngineSessions.class).get();
    slots = CDI.current().select(AddressSlots.class).get();
    live = CDI.current().select(LiveSessions.class).get();
    bodiesGathered = Boolean.parseBoolean(getServletContext().getInitParameter(BODIES_GATHERED));
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    if (allowCrossOrigin(request, response) && "OPTIONS".equals(request.getMethod())) {
      response.setHeader("Access-Control-Allow-Methods", "GET, POST");
      String headers = request.getHeader("Access-Control-Request-Headers");
      response.setHeader("Access-Control-Allow-Headers", headers == null ? "Content-Type" : headers);
      response.setHeader("Access-Control-Max-Age", "86400");
      response.setStatus(204);
      return;
    }
    Handshake handshake;
    try {
      handshake = Handshake.parse(request.getQueryString());
    } catch (IllegalArgumentException badQuery) {
      refuse(response, EngineError.BAD_REQUEST);
      return;
    }
    String transport = handshake.query("transport");
    if (!"polling".equals(transport)) {
      refuse(response, "websocket".equals(transport) ? EngineError.BAD_REQUEST : EngineError.UNKNOWN_TRANSPORT);
      return;
    }
    String sid = handshake.query("sid");
    String method = request.getMethod();
    if (sid == null) {
      if (!"GET".equals(method)) {
        refuse(response, EngineError.BAD_HANDSHAKE_METHOD);
        return;
      }
      EngineError problem = EngineSessions.checkOpen(handshake, "polling");
      if (problem != null) {
        refuse(response, problem);
        return;
      }
      if (live.draining()) {
        WarHandshakes.refuse(response, 503, DRAINING); // as the drain's 1012 to a WebSocket: come back, to another node
        return;
      }
      AddressSlots.Slot slot = slots.take(request.getRemoteAddr());
      if (slot == null) {
        ConnectionsPerAddressFilter.refuse(response);
        return;
      }
      PollingTransport polling = new PollingTransport(engine);
      engine.open(handshake, polling, slot);
      polling.get(request, response);
      return;
    }
    EngineSession session = engine.find(sid);
    if (session == null) {
      if ("GET".equals(method) && engine.forgetClosedByClient(sid)) {
        var unused = PollingTransport.respond(response, PollingPayload.encode(java.util.List.of(EnginePacket.NOOP)));
      } else {
        refuse(response, EngineError.UNKNOWN_SID);
      }
      return;
    }
    if (!(session.transport() instanceof PollingTransport polling)) {
      refuse(response, EngineError.BAD_REQUEST);
      return;
    }
    switch (method) {
      case "GET" -> polling.get(request, response);
      case "POST" -> polling.post(request, response, bodiesGathered);
      default -> refuse(response, EngineError.BAD_REQUEST);
    }
  }

  /**
   * Lets pages from the configured origins ({@code socketchat.socketio.cors-origins}) poll from another origin, with
   * their cookies, as Socket.IO's {@code cors} option does.
   *
   * @return whether the request comes from an allowed other origin
   */
  private boolean allowCrossOrigin(HttpServletRequest request, HttpServletResponse response) {
    String origin = request.getHeader("Origin");
    response.addHeader("Vary", "Origin");
    if (!engine.settings().allowsOrigin(origin)) {
      return false;
    }
    response.setHeader("Access-Control-Allow-Origin", origin);
    response.setHeader("Access-Control-Allow-Credentials", "true");
    return true;
  }

  /** Answers 400 (403 for {@code FORBIDDEN}) with the Engine.IO error as JSON. */
  static void refuse(HttpServletResponse response, EngineError error) throws IOException {
    WarHandshakes.refuse(response, error == EngineError.FORBIDDEN ? 403 : 400, error.body());
  }
}
