package dev.socketchat.websocket;

import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.StandaloneProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@code /chat} protocol against the standalone jar. */
class StandaloneChatProtocolIT extends ChatProtocolContract {
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start("standalone-chat-protocol", Map.of());
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
