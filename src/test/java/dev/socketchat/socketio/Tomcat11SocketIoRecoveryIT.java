package dev.socketchat.socketio;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Socket.IO connection state recovery against the WAR deployed to Tomcat 11. */
class Tomcat11SocketIoRecoveryIT extends SocketIoRecoveryContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.TOMCAT_11);

  @Override
  ServerUnderTest server() {
    return SERVER;
  }
}
