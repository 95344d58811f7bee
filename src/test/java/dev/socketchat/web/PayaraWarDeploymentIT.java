package dev.socketchat.web;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The WAR deployed to Payara Micro 6: page, status report, one engine, loopback only. */
class PayaraWarDeploymentIT extends DeploymentContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.PAYARA);

  @Override
  DeployedServer server() {
    return SERVER;
  }
}
