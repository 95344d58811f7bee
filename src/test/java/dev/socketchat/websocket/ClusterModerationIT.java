package dev.socketchat.websocket;

import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.ServerUnderTest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Removing members against two standalone nodes sharing rooms through Redis: the owner is on one node and everyone
 * else on the other, so the kick, its notices and the ban all cross nodes.
 */
class ClusterModerationIT extends ModerationContract {
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    cluster = ClusterUnderTest.start("cluster-moderation", 2, Map.of());
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
