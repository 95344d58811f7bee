package dev.socketchat.socketio;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Socket.IO page that stops reading, on Payara, whose send completes once the frame is in its own buffers. */
class PayaraSocketIoSlowReaderIT extends SocketIoSlowReaderContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.PAYARA, SETTINGS);

  @Override
  ServerUnderTest server() {
    return SERVER;
  }
}
