package dev.socketchat.websocket;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions in the WAR deployed to Payara Micro 6. */
class PayaraSessionIT extends SessionContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.PAYARA);

  @Override
  ServerUnderTest server() {
    return SERVER;
  }
}
