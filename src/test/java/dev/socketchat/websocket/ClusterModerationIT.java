package dev.socketchat.websocket;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.StandaloneProcess;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Removing members against two standalone nodes sharing rooms through Redis: the owner is on one node and everyone
 * else on the other, so the kick, its notices and the ban all cross nodes.
 */
class ClusterModerationIT extends ModerationContract {
  private static ClusterUnderTest cluster;
  private final List<ChatClient> resumers = new ArrayList<>();

  @BeforeAll
  static void start() {
    cluster =
        ClusterUnderTest.start(
            "cluster-moderation", 2, Map.of("socketchat.session.resume-window", "10000"));
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

  /** The node the test's members are on (the owner's is the other). */
  @Override
  ServerUnderTest memberServer() {
    return nodeWhose(true);
  }

  /** A dropped member resumes on the owner's node, the one it was not on: that node takes its session over. */
  @Override
  ChatClient resumer(String nickname) {
    ChatClient client = ChatClient.connect(nodeWhose(false)).as(nickname);
    resumers.add(client);
    return client;
  }

  @AfterEach
  void closeResumers() {
    resumers.forEach(ChatClient::close);
    resumers.clear();
  }

  private static StandaloneProcess nodeWhose(boolean membersAreOnIt) {
    int members = cluster.base().getPort();
    return cluster.nodes().stream()
        .filter(node -> (node.port() == members) == membersAreOnIt)
        .findFirst()
        .orElseThrow();
  }
}
