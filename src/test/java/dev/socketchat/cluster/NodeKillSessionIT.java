package dev.socketchat.cluster;

import static dev.socketchat.testing.Requests.appJoin;
import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.nameSet;
import static dev.socketchat.testing.Requests.resume;
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
 * A node killed with SIGKILL suspends its members' sessions like any drop: once the cluster has taken it for dead,
 * nobody has been told anything but that its members without a session (the app dialect's) left, a session resumed on another node within the window gets what it missed and still
 * owns its room, and a session nobody resumes is announced gone when its window passes (8 s here).
 */
class NodeKillSessionIT {
  private static final Duration WINDOW = Duration.ofSeconds(8);
  private static final Pattern JOINED = Pattern.compile("node (\\S+) joins the cluster");
  private static ClusterUnderTest cluster;
  private final List<ChatClient> clients = new ArrayList<>();

  @BeforeAll
  static void start() {
    cluster =
        ClusterUnderTest.start(
            "node-kill-sessions",
            3,
            Map.of("socketchat.session.resume-window", Long.toString(WINDOW.toMillis())));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(ChatClient::abort);
  }

  private ChatClient client(StandaloneProcess node, String nickname) {
    ChatClient client = ChatClient.connect(node).as(nickname);
    clients.add(client);
    return client;
  }

  @Test
  void aKilledNodesSessionsWaitForTheirClientsResumeOnAnotherNodeOrExpireWithTheUsualNotices() {
    StandaloneProcess victim = cluster.node(0);
    String victimId = nodeId(victim);
    ChatClient owner = client(victim, "kim");
    owner.send(Requests.create("survives", "kim"));
    JsonObject created = owner.expectOk("SERVER_ROOM_CREATE");
    int room = created.getInt("roomID");
    ChatClient guest = client(cluster.node(1), "lee");
    guest.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    ChatClient idle = client(victim, "park");
    idle.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    guest.expectOk("SERVER_ROOM_JOIN");
    ChatClient app = client(victim, "choi"); // the socketchatting app's dialect: no sessions
    app.send(nameSet("choi"));
    app.expectOk("SERVER_NAME_SET");
    app.send(appJoin(room));
    app.expectOk("SERVER_ROOM_JOIN");
    owner.expectOk("SERVER_ROOM_JOIN");
    idle.expectOk("SERVER_ROOM_JOIN");
    long seq = guest.expectOk("SERVER_ROOM_JOIN").getJsonNumber("seq").longValue();

    victim.process().destroyForcibly(); // SIGKILL: no goodbye to Redis
    String death = "node " + victimId + " let its liveness key expire while Redis answered: taken for dead";
    Eventually.await(
        Duration.ofSeconds(20),
        () -> cluster.node(1).log() + cluster.node(2).log(),
        logs -> logs.contains(death),
        "a survivor to take the killed node for dead");
    assertThat(cluster.node(1).log() + cluster.node(2).log())
        .as("the survivor's account: choi, without a session, removed; kim's and park's seats kept for a resume")
        .contains(death + ", its 1 membership(s) removed and announced to their rooms as drops, 2 seat(s) kept");
    JsonObject gone = guest.next(WINDOW.dividedBy(2)); // at once, not when the sessions' window passes
    assertThat(gone.getString("type")).isEqualTo("SERVER_ROOM_EXIT");
    assertThat(gone.getString("nickName")).as("the member without a session").isEqualTo("choi");

    guest.send(chat(room, "lee", "are you there?"));
    JsonObject said = guest.expectOk("SERVER_CHAT_SEND"); // not a deletion: the owner's session waits
    assertThat(said.getString("message")).isEqualTo("are you there?");
    ChatClient back = client(cluster.node(2), "kim");
    back.send(resume(created.getString("session"), room, seq));
    JsonObject resumed = back.expectOk("SERVER_SESSION_RESUME");
    assertThat(resumed.getString("userName")).isEqualTo("kim");
    assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered")).isTrue();
    assertThat(back.expectOk("SERVER_ROOM_EXIT").getString("nickName")).isEqualTo("choi");
    JsonObject missed = back.expectOk("SERVER_CHAT_SEND");
    assertThat(missed.getString("message")).isEqualTo("are you there?");
    assertThat(missed.getJsonNumber("seq").longValue()).isEqualTo(seq + 2);

    for (ChatClient member : List.of(guest, back)) {
      JsonObject exit = member.next(WINDOW.plusSeconds(10));
      assertThat(exit.getString("type")).as("%s was told", member.nickname()).isEqualTo("SERVER_ROOM_EXIT");
      assertThat(exit.getString("nickName")).isEqualTo("park");
      member.expectNothingElse();
    }
    back.send(Requests.delete(room, "kim"));
    back.expectOk("SERVER_ROOM_DELETE");
    assertThat(guest.expectOk("SERVER_ROOM_DELETE").getInt("roomID")).isEqualTo(room);
    guest.expectNothingElse();
  }

  private static String nodeId(StandaloneProcess node) {
    Matcher matcher = JOINED.matcher(node.log());
    assertThat(matcher.find()).as("the node logged its id").isTrue();
    return matcher.group(1);
  }
}
