package dev.socketchat.websocket;

import dev.socketchat.testing.NodeScript;
import dev.socketchat.testing.StandaloneProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The socketchatting React client's dialect on {@code /chat}, spoken by the npm {@code ws} package one WebSocket per
 * person as that client does (src/test/node/app-client.mjs), against the standalone jar.
 */
class AppClientOnNpmWsIT {
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start("app-client-on-npm-ws", Map.of());
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theAppClientWorksOnTheNpmWsPackage() {
    NodeScript.run("app-client.mjs", server.chat().toString());
  }
}
