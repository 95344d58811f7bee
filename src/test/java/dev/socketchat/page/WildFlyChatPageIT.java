package dev.socketchat.page;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat page served by the WAR on WildFly 39 (socketchat.war). */
class WildFlyChatPageIT extends DeployedChatPageContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.WILDFLY);

  @Override
  ServerUnderTest server() {
    return SERVER;
  }
}
