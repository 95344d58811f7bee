package dev.socketchat.page;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The chat page served by the WAR on Tomcat 11 (socketchat-tomcat.war). */
class Tomcat11ChatPageIT extends DeployedChatPageContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.TOMCAT_11);

  @Override
  ServerUnderTest server() {
    return SERVER;
  }
}
