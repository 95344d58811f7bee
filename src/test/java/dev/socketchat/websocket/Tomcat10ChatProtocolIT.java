package dev.socketchat.websocket;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code /chat} protocol against the WAR deployed to Tomcat 10.1. */
class Tomcat10ChatProtocolIT extends ChatProtocolContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.TOMCAT_10);

  @Override
  ServerUnderTest server() {
    return SERVER;
  }
}
