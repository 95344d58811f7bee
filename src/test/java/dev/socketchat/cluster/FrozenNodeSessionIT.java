package dev.socketchat.cluster;

import static dev.socketchat.testing.Requests.chat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.Signals;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
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
  private static final Pattern PID = Pattern.compile("40\\{\"sid\":\"[A-Za-z0-9_-]+\",\"pid\":\"([A-Za-z0-9_-]+)\"}");
  private static final Pattern OFFSET = Pattern.compile("42\\[\"chatting\",\\{.*\"msg\":\"([^\"]*)\".*},\"([0-9]+)\"]");
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

    // the guest's session waits for a resume: nobody is told
    freezeUntilTakenForDead(survivor, frozen, owner::expectNothingElse);
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

  /**
   * The owner of a room on the frozen node resumes on the survivor while the node sleeps: the room moves with it. The
   * woken node's member still sits in the room, which lives on under its owner's new connection, and chats on.
   */
  @Test
  void aRoomWhoseOwnerResumedElsewhereWhileItsNodeWasFrozenLivesOnForTheMembersOnTheWokenNode() throws IOException {
    StandaloneProcess survivor = cluster.node(0);
    StandaloneProcess frozen = cluster.node(1);
    try (DroppingProxy relay = DroppingProxy.to(frozen.port())) {
      ChatClient owner =
          ChatClient.connect(URI.create("ws://127.0.0.1:" + relay.port() + frozen.chat().getRawPath())).as("host");
      clients.add(owner);
      owner.send(Requests.create("owner moves away", "host"));
      JsonObject created = owner.expectOk("SERVER_ROOM_CREATE");
      int room = created.getInt("roomID");
      String session = created.getString("session");
      ChatClient member = client(frozen, "member");
      member.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");
      ChatClient guest = client(survivor, "guest");
      guest.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");
      member.expectOk("SERVER_ROOM_JOIN");
      long seq = owner.say(room, "before", WAIT).getJsonNumber("seq").longValue();
      member.expectOk("SERVER_CHAT_SEND");
      guest.expectOk("SERVER_CHAT_SEND");

      ChatClient[] resumed = new ChatClient[1];
      freezeUntilTakenForDead(
          survivor,
          frozen,
          () -> {
            relay.cut();
            resumed[0] = client(survivor, "host");
            resumed[0].send(Requests.resume(session, room, seq));
            JsonObject outcome = resumed[0].expectOk("SERVER_SESSION_RESUME").getJsonArray("rooms").getJsonObject(0);
            assertThat(outcome.getBoolean("recovered")).as("%s", outcome).isTrue();
          });
      ChatClient host = resumed[0];
      assertThat(member.say(room, "still here", WAIT).getString("message")).isEqualTo("still here");
      assertThat(guest.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("still here");
      assertThat(host.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("still here");
      host.send(chat(room, "host", "welcome back"));
      assertThat(host.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("welcome back");
      assertThat(member.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("welcome back");
      assertThat(guest.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("welcome back");
      assertThat(member.closed()).as("the member stays connected").isNotDone();
      member.expectNothingElse();
      guest.expectNothingElse();
    }
  }

  private static String nodeId(StandaloneProcess node) {
    Matcher matcher = JOINED.matcher(node.log());
    assertThat(matcher.find()).as("the node logged its id").isTrue();
    return matcher.group(1);
  }

  /**
   * A Socket.IO socket that entered a room and left it (its session is in Redis, with no seat) is taken back like the
   * members in rooms: its session is live again, and when it later drops in a room it recovers on another node.
   */
  @Test
  void aSocketInNoRoomOnANodeThatWakesAfterBeingTakenForDeadIsTakenBackAndLaterRecoversOnAnotherNode()
      throws IOException {
    StandaloneProcess survivor = cluster.node(0);
    StandaloneProcess frozen = cluster.node(1);
    try (DroppingProxy relay = DroppingProxy.to(frozen.port());
        EngineIoSocket page = EngineIoSocket.open(through(relay, frozen), "name=sam&room=lounge", true)) {
      String pid = pid(page.connectNamespace());
      page.send("421[\"join_room\",{\"type\":1}]");
      awaitAck(page, "431");
      page.send("422[\"leave_room\",{}]");
      awaitAck(page, "432");
      String session = "socketchat:session:" + pid;
      assertThat(cluster.redis().command("PTTL " + session)).as("the socket's session, live").isEqualTo(":-1");

      freezeUntilTakenForDead(survivor, frozen, () -> {});
      Eventually.await(
          Duration.ofSeconds(45), // unless taken back, the orphan waits out its window (30 s)
          () -> cluster.redis().command("ZCARD socketchat:orphans"),
          ":0"::equals,
          "the socket's session to be settled");
      assertThat(cluster.redis().command("PTTL " + session)).as("taken back, live again").isEqualTo(":-1");
      assertThat(page.closed()).as("the page stays connected").isNotDone();

      try (EngineIoSocket neighbour = EngineIoSocket.open(survivor, "name=ann&room=lounge", true)) {
        neighbour.connectNamespace();
        neighbour.send("421[\"join_room\",{\"type\":1}]");
        awaitAck(neighbour, "431");
        page.send("423[\"join_room\",{\"type\":1}]");
        awaitAck(page, "433");
        neighbour.send("42[\"chatting\",\"seen\"]");
        String offset = chatting(page, "seen");
        relay.cut();
        Eventually.await(
            WAIT,
            () -> cluster.redis().command("PTTL " + session),
            ttl -> ttl.matches(":[1-9][0-9]*"),
            "the dropped socket's session to wait for its window");
        neighbour.send("42[\"chatting\",\"missed\"]");
        chatting(neighbour, "missed");

        try (EngineIoSocket back = EngineIoSocket.open(survivor, "name=sam&room=lounge", true)) {
          back.send("40{\"pid\":\"" + pid + "\",\"offset\":\"" + offset + "\"}");
          // a recovered socket gets what it missed, then the CONNECT answer
          List<String> missed = new ArrayList<>();
          String answer = back.next();
          while (!answer.startsWith("40")) {
            missed.add(answer);
            answer = back.next();
          }
          assertThat(pid(answer)).as("recovered: the same socket (%s)", answer).isEqualTo(pid);
          assertThat(missed).as("what it missed").hasSize(1);
          assertThat(OFFSET.matcher(missed.get(0)).replaceFirst("$1")).isEqualTo("missed");
        }
      }
    }
  }

  /**
   * Freezes the node until the survivor takes it for dead ({@code whileFrozen} runs then), thaws it and waits until it
   * found out. The nodes' log lines are counted, so that the lines of an earlier test's freeze do not pass for these.
   */
  private static void freezeUntilTakenForDead(
      StandaloneProcess survivor, StandaloneProcess frozen, Runnable whileFrozen) {
    String death = "node " + nodeId(frozen) + " let its liveness key expire while Redis answered: taken for dead";
    String found = "was taken for dead";
    int deaths = count(survivor.log(), death);
    int finds = count(frozen.log(), found);
    Signals.freeze(frozen.process());
    try {
      Eventually.await(
          WAIT, () -> count(survivor.log(), death), n -> n > deaths, "the survivor to take the frozen node for dead");
      whileFrozen.run();
    } finally {
      Signals.thaw(frozen.process());
    }
    Eventually.await(WAIT, () -> count(frozen.log(), found), n -> n > finds, "the woken node to find out");
  }

  private static int count(String log, String line) {
    int count = 0;
    for (int at = log.indexOf(line); at >= 0; at = log.indexOf(line, at + line.length())) {
      count++;
    }
    return count;
  }

  /** The node as its clients see it through the relay. */
  private static ServerUnderTest through(DroppingProxy relay, StandaloneProcess node) {
    return new ServerUnderTest() {
      @Override
      public String name() {
        return "relayed " + node.name();
      }

      @Override
      public URI base() {
        return URI.create("http://127.0.0.1:" + relay.port() + node.base().getRawPath());
      }

      @Override
      public Duration heartbeatTimeout() {
        return node.heartbeatTimeout();
      }
    };
  }

  private static String pid(String connectAnswer) {
    Matcher matcher = PID.matcher(connectAnswer);
    assertThat(matcher.matches()).as("a CONNECT answer with a pid: %s", connectAnswer).isTrue();
    return matcher.group(1);
  }

  /** Takes frames until the ack with the given prefix ({@code 431}), which must say the request went through. */
  private static void awaitAck(EngineIoSocket socket, String prefix) {
    String frame = socket.next();
    while (!frame.startsWith(prefix)) {
      frame = socket.next();
    }
    assertThat(frame).contains("\"status\":true");
  }

  /** Takes frames until the chat message {@code text}; returns its offset. */
  private static String chatting(EngineIoSocket socket, String text) {
    while (true) {
      Matcher matcher = OFFSET.matcher(socket.next());
      if (matcher.matches() && matcher.group(1).equals(text)) {
        return matcher.group(2);
      }
    }
  }
}
