package dev.socketchat.websocket;

import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.StandaloneProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Removing members against the standalone jar. */
class StandaloneModerationIT extends ModerationContract {
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "standalone-moderation", Map.of("socketchat.session.resume-window", "10000"));
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
