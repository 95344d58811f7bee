package dev.socketchat.cluster;

import static dev.socketchat.testing.Requests.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Signals;
import dev.socketchat.testing.StandaloneProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node frozen past the liveness time is taken for dead, and its members' sessions wait for a resume elsewhere; when
 * it wakes with their connections still open, it takes those sessions back: its members chat on, nobody is told
 * anything, and no resume window runs for them any more (it would end them after 30 s here).
 */
class FrozenNodeSessionIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Pattern JOINED = Pattern.compile("node (\\S+) joins the cluster");
  private static ClusterUnderTest cluster;
  private final List<ChatClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    cluster =
        ClusterUnderTest.start(
            "frozen-node-sessions",
            2,
            Map.of(
                "socketchat.redis.liveness", "2000",
                "socketchat.redis.timeout", "1000",
                "socketchat.session.resume-window", "30000",
                // a frozen node must not drop its clients for silence the moment it wakes
                "socketchat.heartbeat.timeout", "60000"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(ChatClient::close);
  }

  private ChatClient client(StandaloneProcess node, String nickname) {
    ChatClient client = ChatClient.connect(node).as(nickname);
    clients.add(client);
    return client;
  }

  @Test
  void aNodeThatWakesAfterBeingTakenForDeadTakesItsMembersSessionsBackAndTheyChatOn() {
    StandaloneProcess survivor = cluster.node(0);
    StandaloneProcess frozen = cluster.node(1);
    ChatClient owner = client(survivor, "owner");
    int room = owner.createRoom("through the freeze");
    ChatClient guest = client(frozen, "guest");
    String session = guest.join(room).getString("session");
    owner.expectOk("SERVER_ROOM_JOIN");

    Signals.freeze(frozen.process());
    try {
      String death = "node " + nodeId(frozen) + " let its liveness key expire while Redis answered: taken for dead";
      Eventually.await(WAIT, survivor::log, log -> log.contains(death), "the survivor to take the frozen node for dead");
      owner.expectNothingElse(); // the guest's session waits for a resume: nobody is told
    } finally {
      Signals.thaw(frozen.process());
    }

    Eventually.await(WAIT, frozen::log, log -> log.contains("was taken for dead"), "the woken node to find out");
    Eventually.await(
        WAIT,
        () -> cluster.redis().command("ZCARD socketchat:orphans"),
        ":0"::equals,
        "the woken node to take its member's session back");
    assertThat(cluster.redis().command("PTTL socketchat:session:" + session))
        .as("live again: no resume window runs")
        .isEqualTo(":-1");
    guest.send(chat(room, "guest", "still here"));
    assertThat(guest.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("still here");
    assertThat(owner.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("still here");
    owner.send(chat(room, "owner", "welcome back"));
    assertThat(owner.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("welcome back");
    assertThat(guest.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("welcome back");
    assertThat(guest.closed()).as("the guest stays connected").isNotDone();
    owner.expectNothingElse();
    guest.expectNothingElse();
  }

  private static String nodeId(StandaloneProcess node) {
    Matcher matcher = JOINED.matcher(node.log());
    assertThat(matcher.find()).as("the node logged its id").isTrue();
    return matcher.group(1);
  }
}
