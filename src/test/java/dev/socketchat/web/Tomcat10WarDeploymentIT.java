package dev.socketchat.web;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The WAR deployed to Tomcat 10.1: page, status report, one engine, loopback only. */
class Tomcat10WarDeploymentIT extends TomcatDeploymentContract {
  @RegisterExtension static final DeployedServer SERVER = DeployedServer.on(AppServer.TOMCAT_10);

  @Override
  DeployedServer server() {
    return SERVER;
  }
}
