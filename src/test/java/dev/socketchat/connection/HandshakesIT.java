package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.metrics.Meters;
import dev.socketchat.testing.BareTyrus;
import dev.socketchat.testing.FrameQueue;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the layer in front of an upgrade hands to the handshake, on a real Tyrus container: the endpoint finds the
 * client address and the outbox its sink, and then the session's user properties no longer hold either, so that
 * every idle connection does not keep them.
 */
class HandshakesIT {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final ExecutorService THREADS = Executors.newCachedThreadPool();
  private static final FrameSink SINK = (frame, done) -> false;
  private static BareTyrus server;

  /** Hands over an address and a sink as the runner's filter does, on the handshake's thread. */
  public static final class HandingOver extends ServerEndpointConfig.Configurator {
    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
      Handshakes.handshaking("203.0.113.9", SINK);
      Handshakes.keepIn(config.getUserProperties());
    }
  }

  /** Tells its client the address it found, whether its outbox took the sink, and what the properties still hold. */
  @ServerEndpoint(value = "/handover", configurator = HandingOver.class)
  public static final class Opened {
    @OnOpen
    public void open(Session session) throws Exception {
      String address = ClientAddress.of(session);
      boolean sinkSeen = FrameSinks.of(session) == SINK;
      var unused = new Outbox(session, 1 << 20, THREADS, THREADS, () -> {}, false, Meters.off(), null);
      session
          .getBasicRemote()
          .sendText(
              "address=" + address + " sink=" + sinkSeen + " kept="
                  + session.getUserProperties().containsKey(ClientAddress.PROPERTY) + ","
                  + session.getUserProperties().containsKey(FrameSinks.PROPERTY));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = BareTyrus.serving(Opened.class);
  }

  @AfterAll
  static void stop() {
    server.close();
    THREADS.shutdownNow();
  }

  @Test
  void theHandoverIsReadAtOpenAndThenLeavesTheSessionsUserProperties() throws Exception {
    FrameQueue frames = new FrameQueue();
    WebSocket socket = server.connect("/handover", frames);
    try {
      assertThat(frames.poll(WAIT)).isEqualTo("address=203.0.113.9 sink=true kept=false,false");
    } finally {
      socket.abort();
    }
  }
}
