package dev.socketchat.web;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The WAR deployed to WildFly: page, status report, one engine, loopback only. */
class WildFlyWarDeploymentIT extends DeploymentContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.WILDFLY);

  @Override
  DeployedServer server() {
    return SERVER;
  }
}
