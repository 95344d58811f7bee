package dev.socketchat.socketio;

import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.StandaloneProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Socket.IO contract against the standalone jar, with a short Engine.IO heartbeat. */
class StandaloneSocketIoIT extends SocketIoContract {
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "standalone-socketio",
            Map.of(
                "socketchat.socketio.ping-interval", "300",
                "socketchat.socketio.ping-timeout", "2000",
                "socketchat.socketio.connect-timeout", "5000"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Override
  ServerUnderTest server() {
    return server;
  }
}
