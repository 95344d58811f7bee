package dev.socketchat.websocket;

import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.ServerUnderTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The socketchatting app's dialect on two cluster nodes: each test's first client is on one node and every other
 * client on the other, so every rule, every notice and the lobby's new rooms cross nodes.
 */
class ClusterAppDialectIT extends AppDialectContract {
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    cluster = ClusterUnderTest.start("cluster-app-dialect", 2, Map.of());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @BeforeEach
  void firstClientOnTheNextNode() {
    cluster.nextTest();
  }

  @Override
  ServerUnderTest server() {
    return cluster;
  }
}
