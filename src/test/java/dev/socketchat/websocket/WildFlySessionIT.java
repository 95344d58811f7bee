package dev.socketchat.websocket;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions in the WAR deployed to WildFly 39. */
class WildFlySessionIT extends SessionContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.WILDFLY);

  @Override
  ServerUnderTest server() {
    return SERVER;
  }
}
