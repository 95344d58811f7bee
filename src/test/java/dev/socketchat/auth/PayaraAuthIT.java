package dev.socketchat.auth;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.ServerUnderTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signing in, optional mode, against the WAR deployed to Payara Micro 6. */
class PayaraAuthIT extends AuthContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.PAYARA, SETTINGS);

  @Override
  ServerUnderTest server() {
    return SERVER;
  }
}
