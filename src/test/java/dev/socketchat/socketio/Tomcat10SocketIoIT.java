package dev.socketchat.socketio;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Socket.IO contract against the WAR deployed to Tomcat 10.1. */
class Tomcat10SocketIoIT extends SocketIoContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.TOMCAT_10);

  @Override
  ServerUnderTest server() {
    return SERVER;
  }
}
