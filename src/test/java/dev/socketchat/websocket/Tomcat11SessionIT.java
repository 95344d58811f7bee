package dev.socketchat.websocket;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions in the WAR deployed to Tomcat 11: a drop there is a 1006 closure the endpoint tells from a clean close. */
class Tomcat11SessionIT extends SessionContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.TOMCAT_11);

  @Override
  ServerUnderTest server() {
    return SERVER;
  }
}
