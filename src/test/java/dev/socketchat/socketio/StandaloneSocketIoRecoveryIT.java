package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.StandaloneProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Socket.IO connection state recovery against the standalone jar, and none when the resume window is 0. */
class StandaloneSocketIoRecoveryIT extends SocketIoRecoveryContract {
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "standalone-socketio-recovery",
            Map.of(
                "socketchat.socketio.ping-interval", "300",
                "socketchat.socketio.ping-timeout", "2000",
                "socketchat.session.resume-window", "3000"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  ServerUnderTest server() {
    return server;
  }

  @Test
  void withoutAResumeWindowFramesAreTodaysExactly() {
    try (StandaloneProcess off =
            StandaloneProcess.start(
                "standalone-socketio-no-recovery", Map.of("socketchat.session.resume-window", "0"));
        EngineIoSocket page = EngineIoSocket.open(off, "name=kim&room=offsets", true)) {
      assertThat(page.connectNamespace()).matches("40\\{\"sid\":\"[A-Za-z0-9_-]{20}\"}");
      page.send("42[\"join_room\",{\"type\":1}]").send("42[\"chatting\",\"hi\"]");
      assertThat(page.next()).matches("42\\[\"chatting\",\\{.*\"msg\":\"hi\".*}]");
    }
  }
}
