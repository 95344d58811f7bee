package dev.socketchat.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.Requests;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node that drains while its members are chatting hands every one of them over: the requests they send as their
 * connections are closed do not end their sessions, so each resumes on another node (probe s12h5: a member that
 * chatted as its node got SIGTERM was told SESSION_EXPIRED there, while its idle neighbours resumed).
 */
class DrainWhileChattingIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final int CHATTERS = 6;
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    cluster =
        ClusterUnderTest.start(
            "drain-chat",
            2,
            Map.of("socketchat.session.resume-window", "30000", "socketchat.limits.messages-per-second", "0"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void membersChattingWhileTheirNodeDrainsResumeOnAnotherNode() throws Exception {
    ChatClient owner = ChatClient.connect(cluster.node(0)).as("owner");
    int room = owner.createRoom("busy");
    List<ChatClient> chatters = new ArrayList<>();
    List<String> sessions = new ArrayList<>();
    for (int i = 0; i < CHATTERS; i++) {
      ChatClient chatter = ChatClient.connect(cluster.node(1)).as("chatter" + i);
      sessions.add(chatter.join(room).getString("session"));
      chatters.add(chatter);
    }
    ExecutorService talking = Executors.newFixedThreadPool(CHATTERS);
    try {
      List<CompletableFuture<Integer>> said = new ArrayList<>();
      for (ChatClient chatter : chatters) {
        said.add(CompletableFuture.supplyAsync(() -> chatUntilClosed(chatter, room), talking));
      }
      // everybody is chatting: the owner has read a few lines of each
      int heard = 0;
      while (heard < CHATTERS * 20) {
        if (owner.next(WAIT).getString("type").equals("SERVER_CHAT_SEND")) {
          heard++;
        }
      }
      assertThat(cluster.stop(1)).isIn(0, 143);
      for (int i = 0; i < CHATTERS; i++) {
        assertThat(chatters.get(i).closed().get(WAIT.toSeconds(), TimeUnit.SECONDS))
            .as("chatter%d is told its node restarts", i)
            .isEqualTo(1012);
        assertThat(said.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS)).isPositive();
      }
      for (int i = 0; i < CHATTERS; i++) {
        try (ChatClient back = ChatClient.connect(cluster.node(0)).as("chatter" + i)) {
          back.send(Requests.resume(sessions.get(i), room, 0));
          JsonObject resumed = back.expect("SERVER_SESSION_RESUME");
          assertThat(resumed.getBoolean("status")).as("chatter%d resumed: %s", i, resumed).isTrue();
          assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered"))
              .as("chatter%d recovered its room: %s", i, resumed)
              .isTrue();
        }
      }
    } finally {
      talking.shutdownNow();
      owner.close();
    }
  }

  /** Sends chat lines one after another until the connection is closed; returns how many were sent. */
  private static int chatUntilClosed(ChatClient chatter, int room) {
    int sent = 0;
    while (!chatter.closed().isDone()) {
      try {
        chatter.send(Requests.chat(room, chatter.nickname(), "line " + sent));
        sent++;
      } catch (CompletionException closed) {
        break;
      }
    }
    return sent;
  }
}
