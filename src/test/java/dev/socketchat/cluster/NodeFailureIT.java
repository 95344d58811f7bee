package dev.socketchat.cluster;

import static dev.socketchat.testing.Requests.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.JsonObject;
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
 * Nodes that go away, with the default liveness settings: one killed with SIGKILL (no goodbye), one stopped cleanly.
 * Node 0 is killed, node 3 stopped; nodes 1 and 2 survive and serve the clients that must be told. Sessions are off
 * here, so a killed node's members are announced as soon as it is taken for dead ({@code NodeKillSessionIT} shows
 * them waiting for their clients with sessions on).
 */
class NodeFailureIT {
  private static final Duration PROMISED = Duration.ofSeconds(15);
  private static final Pattern JOINED = Pattern.compile("node (\\S+) joins the cluster");
  private static ClusterUnderTest cluster;
  private final List<ChatClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    cluster = ClusterUnderTest.start("node-failure", 4, Map.of("socketchat.session.resume-window", "0"));
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
  void aKilledNodesMembersAreAnnouncedGoneOnTheOtherNodesWithinFifteenSecondsAndItsRoomsDeleted() {
    StandaloneProcess victim = cluster.node(0);
    ChatClient owner = client(victim, "owner");
    int doomed = owner.createRoom("doomed");
    ChatClient guestB = client(cluster.node(1), "guest-b");
    guestB.join(doomed);
    ChatClient guestC = client(cluster.node(2), "guest-c");
    guestC.join(doomed);
    owner.expectOk("SERVER_ROOM_JOIN");
    owner.expectOk("SERVER_ROOM_JOIN");
    guestB.expectOk("SERVER_ROOM_JOIN");

    ChatClient ownerB = client(cluster.node(1), "owner-b");
    int lasting = ownerB.createRoom("lasting");
    ChatClient onVictim = client(victim, "victim");
    onVictim.join(lasting);
    ChatClient memberC = client(cluster.node(2), "member-c");
    memberC.join(lasting);
    ownerB.expectOk("SERVER_ROOM_JOIN");
    ownerB.expectOk("SERVER_ROOM_JOIN");
    onVictim.expectOk("SERVER_ROOM_JOIN");

    long killed = System.nanoTime();
    victim.process().destroyForcibly(); // SIGKILL: no shutdown hook, no goodbye to Redis
    for (ChatClient guest : List.of(guestB, guestC)) {
      JsonObject deleted = guest.next(remaining(killed));
      assertThat(deleted.getString("type")).as("%s was told", guest.nickname()).isEqualTo("SERVER_ROOM_DELETE");
      assertThat(deleted.getInt("roomID")).isEqualTo(doomed);
    }
    for (ChatClient member : List.of(ownerB, memberC)) {
      JsonObject left = member.next(remaining(killed));
      assertThat(left.getString("type")).as("%s was told", member.nickname()).isEqualTo("SERVER_ROOM_EXIT");
      assertThat(left.getString("nickName")).isEqualTo("victim");
      assertThat(left.getInt("roomID")).isEqualTo(lasting);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - killed);
    System.out.printf("measured: a SIGKILLed node's members were announced gone after %d ms%n", took.toMillis());
    String death = "node " + nodeId(victim) + " let its liveness key expire while Redis answered: taken for dead";
    Eventually.await(
        Duration.ofSeconds(10),
        () -> cluster.node(1).log() + cluster.node(2).log(),
        logs -> logs.contains(death),
        "a survivor to log the death");
    assertThat(took).isLessThan(PROMISED);

    memberC.send(chat(lasting, "member-c", "still here"));
    memberC.expectOk("SERVER_CHAT_SEND");
    ownerB.expectOk("SERVER_CHAT_SEND");
    ownerB.send(Requests.list());
    List<Integer> rooms =
        ownerB.expectOk("SERVER_ROOM_LIST").getJsonArray("rooms").stream()
            .map(room -> room.asJsonObject().getInt("roomID"))
            .toList();
    assertThat(rooms).contains(lasting).doesNotContain(doomed);
    for (ChatClient client : List.of(guestB, guestC, ownerB, memberC)) {
      client.expectNothingElse();
    }
  }

  @Test
  void aNodeStoppedCleanlyHasItsMembersAnnouncedGoneAtOnceWithoutWaitingForItsKeyToExpire() throws Exception {
    StandaloneProcess leaving = cluster.node(3);
    String leavingId = nodeId(leaving);
    ChatClient ownerD = client(leaving, "owner-d");
    int closing = ownerD.createRoom("closing");
    ChatClient guestB = client(cluster.node(1), "guest-b");
    guestB.join(closing);
    ownerD.expectOk("SERVER_ROOM_JOIN");
    ChatClient ownerC = client(cluster.node(2), "owner-c");
    int staying = ownerC.createRoom("staying");
    ChatClient memberD = client(leaving, "member-d");
    memberD.join(staying);
    ownerC.expectOk("SERVER_ROOM_JOIN");

    long stopped = System.nanoTime();
    leaving.stop(Duration.ofSeconds(30)); // SIGTERM: the shutdown hook runs, the JVM exits with 143
    assertThat(leaving.log()).as("what it logs while it stops").contains("left the cluster");
    JsonObject deleted = guestB.next(remaining(stopped));
    assertThat(deleted.getString("type")).isEqualTo("SERVER_ROOM_DELETE");
    assertThat(deleted.getInt("roomID")).isEqualTo(closing);
    JsonObject left = ownerC.next(remaining(stopped));
    assertThat(left.getString("type")).isEqualTo("SERVER_ROOM_EXIT");
    assertThat(left.getString("nickName")).isEqualTo("member-d");
    Duration took = Duration.ofNanos(System.nanoTime() - stopped);
    System.out.printf("measured: a cleanly stopped node's members were announced gone after %d ms%n", took.toMillis());

    for (int survivor = 1; survivor <= 2; survivor++) {
      assertThat(cluster.node(survivor).log())
          .as("the leaving node announced its members itself; no survivor had to remove them")
          .doesNotContain("node " + leavingId + " let its liveness key expire");
    }
    guestB.expectNothingElse();
    ownerC.expectNothingElse();
  }

  private static Duration remaining(long since) {
    return PROMISED.minusNanos(System.nanoTime() - since);
  }

  private static String nodeId(StandaloneProcess node) {
    Matcher matcher = JOINED.matcher(node.log());
    assertThat(matcher.find()).as("the node logged its id").isTrue();
    return matcher.group(1);
  }
}
