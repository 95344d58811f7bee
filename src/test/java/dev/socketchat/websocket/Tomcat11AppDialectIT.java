package dev.socketchat.websocket;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The socketchatting app's dialect against the WAR deployed to Tomcat 11. */
class Tomcat11AppDialectIT extends AppDialectContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.TOMCAT_11);

  @Override
  ServerUnderTest server() {
    return SERVER;
  }
}
