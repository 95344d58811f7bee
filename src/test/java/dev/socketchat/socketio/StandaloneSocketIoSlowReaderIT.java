package dev.socketchat.socketio;

import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.StandaloneProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** A Socket.IO page that stops reading, on the standalone jar, whose outbox holds what the socket does not take. */
class StandaloneSocketIoSlowReaderIT extends SocketIoSlowReaderContract {
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start("standalone-socketio-slow-reader", SETTINGS);
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
