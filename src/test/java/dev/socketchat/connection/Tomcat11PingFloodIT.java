package dev.socketchat.connection;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clients that ping and never read, on the WAR deployed to Tomcat 11. */
class Tomcat11PingFloodIT extends PingFloodContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.TOMCAT_11, SETTINGS);

  @Override
  ServerUnderTest server() {
    return SERVER;
  }
}
