package dev.socketchat.websocket;

import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.ServerUnderTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * The {@code /chat} protocol against three standalone nodes sharing rooms through Redis: each test's owner is on one
 * node and every other client on the other two, so every rule and every delivery crosses nodes.
 */
class ClusterChatProtocolIT extends ChatProtocolContract {
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    cluster = ClusterUnderTest.start("cluster-chat-protocol", 3, Map.of());
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @BeforeEach
  void ownerOnTheNextNode() {
    cluster.nextTest();
  }

  @Override
  ServerUnderTest server() {
    return cluster;
  }
}
