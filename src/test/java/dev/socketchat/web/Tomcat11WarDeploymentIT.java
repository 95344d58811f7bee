package dev.socketchat.web;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The WAR deployed to Tomcat 11: page, status report, one engine, loopback only. */
class Tomcat11WarDeploymentIT extends TomcatDeploymentContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.TOMCAT_11);

  @Override
  DeployedServer server() {
    return SERVER;
  }
}
