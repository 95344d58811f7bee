package dev.socketchat.cluster;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.withRequestId;
import static dev.socketchat.testing.SocketIoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.Signals;
import dev.socketchat.testing.SocketIoClient;
import dev.socketchat.testing.Status;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Stalls under chat across two nodes, with a short liveness time (2 s) and Redis timeout (1 s): Redis frozen (SIGSTOP)
 * past the liveness time is a stall, not a death, so every member stays in its rooms and nothing refused meanwhile is
 * carried out afterwards; a node frozen past it is taken for dead, its members' rooms are told, and when it wakes it
 * closes its members' connections (1012) rather than leave them in rooms that no longer count them.
 */
class RedisStallIT {
  private static final Duration LIVENESS = Duration.ofSeconds(2);
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static ClusterUnderTest cluster;
  private final List<ChatClient> clients = new ArrayList<>();
  private final List<SocketIoClient> pages = new ArrayList<>();
  private final AtomicInteger probes = new AtomicInteger();

  @BeforeAll
  static void start() {
    cluster =
        ClusterUnderTest.start(
            "redis-stall",
            2,
            Map.of(
                "socketchat.redis.liveness", Long.toString(LIVENESS.toMillis()),
                "socketchat.redis.timeout", "1000",
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
    pages.forEach(SocketIoClient::close);
  }

  /** A Socket.IO page in an open room, by a returning (silent) {@code join_room}. */
  private SocketIoClient page(StandaloneProcess node, String name, String room) {
    SocketIoClient page = SocketIoClient.open(node, name, room, "websocket").awaitConnected();
    pages.add(page);
    assertThat(page.ask("join_room", json("type", 1)).optBoolean("status")).isTrue();
    return page;
  }

  private ChatClient client(StandaloneProcess node, String nickname) {
    ChatClient client = ChatClient.connect(node).as(nickname);
    clients.add(client);
    return client;
  }

  @Test
  void membersStayInTheirRoomsThroughARedisStallLongerThanTheLivenessTimeAndNothingRefusedIsCarriedOutLater()
      throws Exception {
    StandaloneProcess a = cluster.node(0);
    StandaloneProcess b = cluster.node(1);
    ChatClient ownerA = client(a, "owner-a");
    int roomA = ownerA.createRoom("a's room");
    ChatClient guestB = client(b, "guest-b");
    guestB.join(roomA);
    ownerA.expectOk("SERVER_ROOM_JOIN");
    ChatClient ownerB = client(b, "owner-b");
    int roomB = ownerB.createRoom("b's room");
    ChatClient guestA = client(a, "guest-a");
    guestA.join(roomB);
    ownerB.expectOk("SERVER_ROOM_JOIN");

    long paused = System.nanoTime();
    cluster.redis().pause();
    try {
      // sent at once, before the nodes notice: these reach Redis's socket and wait there through the stall
      guestB.send(withRequestId(chat(roomA, "guest-b", "during"), "during-b"));
      guestA.send(withRequestId(chat(roomB, "guest-a", "during"), "during-a"));
      for (ChatClient sender : List.of(guestB, guestA)) {
        JsonObject refused = sender.next(WAIT);
        assertThat(refused.getString("type")).isEqualTo("SERVER_CHAT_SEND");
        assertThat(refused.getBoolean("status")).isFalse();
        assertThat(refused.getString("reason")).isEqualTo("UNAVAILABLE");
      }
      assertThat(Duration.ofNanos(System.nanoTime() - paused))
          .as("the requests went to Redis and were refused for its timeout (1 s), not before they were sent")
          .isGreaterThan(Duration.ofMillis(900));
      // the stimulus: Redis stays frozen well past the liveness time, so every liveness key expires meanwhile
      long frozenFor = LIVENESS.multipliedBy(7).dividedBy(4).toNanos() - (System.nanoTime() - paused);
      if (frozenFor > 0) {
        TimeUnit.NANOSECONDS.sleep(frozenFor);
      }
    } finally {
      cluster.redis().resume();
    }

    List<JsonObject> heardByGuestB = new ArrayList<>();
    Eventually.await(WAIT, () -> probe(guestB, roomA, "again", heardByGuestB), Predicate.isEqual(true), "chat again");
    assertThat(heardByGuestB).as("guest-b heard nothing else meanwhile").isEmpty();
    JsonObject heard = ownerA.next(WAIT);
    assertThat(heard.getString("type") + " " + heard.getString("message", null))
        .as("the refused message never arrives; the retried one does")
        .isEqualTo("SERVER_CHAT_SEND again");
    List<JsonObject> heardByGuestA = new ArrayList<>();
    Eventually.await(WAIT, () -> probe(guestA, roomB, "again", heardByGuestA), Predicate.isEqual(true), "chat again");
    assertThat(heardByGuestA).isEmpty();
    heard = ownerB.next(WAIT);
    assertThat(heard.getString("type") + " " + heard.getString("message", null)).isEqualTo("SERVER_CHAT_SEND again");

    ownerA.send(chat(roomA, "owner-a", "all here?"));
    ownerA.expectOk("SERVER_CHAT_SEND");
    assertThat(guestB.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("all here?");
    ownerB.send(chat(roomB, "owner-b", "all here!"));
    ownerB.expectOk("SERVER_CHAT_SEND");
    assertThat(guestA.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("all here!");
    for (ChatClient client : List.of(ownerA, guestB, ownerB, guestA)) {
      assertThat(client.closed()).as("%s stayed connected", client.nickname()).isNotDone();
      client.expectNothingElse();
    }
    for (StandaloneProcess node : List.of(a, b)) {
      Eventually.await(
          WAIT,
          () -> Status.of(node),
          body -> body.getInt("seats", -1) == 2 && body.getInt("memberships", -1) == 4,
          "every seat counted on " + node.name());
      assertThat(node.log()).as("nobody was taken for dead").doesNotContain("taken for dead");
    }
  }

  @Test
  void aNodeFrozenPastTheLivenessTimeIsTakenForDeadAndClosesItsMembersConnectionsWhenItWakes() {
    StandaloneProcess survivor = cluster.node(0);
    StandaloneProcess frozen = cluster.node(1);
    ChatClient ownerA = client(survivor, "owner-a");
    int roomA = ownerA.createRoom("a's room");
    ChatClient guestB = client(frozen, "guest-b");
    guestB.join(roomA);
    ownerA.expectOk("SERVER_ROOM_JOIN");
    ChatClient ownerB = client(frozen, "owner-b");
    int roomB = ownerB.createRoom("b's room");
    ChatClient guestA = client(survivor, "guest-a");
    guestA.join(roomB);
    ownerB.expectOk("SERVER_ROOM_JOIN");
    SocketIoClient pageA = page(survivor, "page-a", "hotel-12");
    SocketIoClient pageB = page(frozen, "page-b", "hotel-12");

    Signals.freeze(frozen.process());
    try {
      JsonObject left = ownerA.next(WAIT);
      assertThat(left.getString("type") + " " + left.getString("nickName", null))
          .isEqualTo("SERVER_ROOM_EXIT guest-b");
      JsonObject deleted = guestA.next(WAIT);
      assertThat(deleted.getString("type")).isEqualTo("SERVER_ROOM_DELETE");
      assertThat(deleted.getInt("roomID")).isEqualTo(roomB);
    } finally {
      Signals.thaw(frozen.process());
    }

    for (ChatClient member : List.of(guestB, ownerB)) {
      assertThat(member.closed())
          .as("%s, no longer counted in its room, is closed with 1012", member.nickname())
          .succeedsWithin(WAIT)
          .isEqualTo(1012);
    }
    assertThat(pageB.disconnected())
        .as("a Socket.IO page no longer counted in its room is disconnected")
        .succeedsWithin(WAIT)
        .isEqualTo("io server disconnect");
    // the node may close its members as their removals arrive before its first renewal after waking tells it why
    Eventually.await(WAIT, frozen::log, log -> log.contains("was taken for dead"), "the woken node to find out why");
    ChatClient newcomer = client(frozen, "newcomer");
    Eventually.await(
        WAIT,
        () -> joins(newcomer, roomA),
        Predicate.isEqual(true),
        "a newcomer on the node that woke up to join a room on the other node");
    ownerA.expectOk("SERVER_ROOM_JOIN");
    newcomer.send(chat(roomA, "newcomer", "hello"));
    newcomer.expectOk("SERVER_CHAT_SEND");
    assertThat(ownerA.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("hello");
    ownerA.expectNothingElse();
    guestA.expectNothingElse();
    assertThat(pageA.ask("chatting", json("msg", "alone?")).optBoolean("status")).isTrue();
    assertThat(pageA.next("chatting").optInt("view")).as("the room counts page-a alone").isEqualTo(1);
    Eventually.await(WAIT, () -> Status.of(frozen), body -> body.getInt("seats", -1) == 1, "one seat on the woken node");
  }

  /** Sends a message; true when it went through, false when refused for the outage; other frames are kept. */
  private boolean probe(ChatClient client, int room, String text, List<JsonObject> others) {
    String id = "probe-" + probes.incrementAndGet();
    client.send(withRequestId(chat(room, client.nickname(), text), id));
    while (true) {
      JsonObject frame = client.next(WAIT);
      if (id.equals(frame.getString("requestId", null))) {
        if (!frame.getBoolean("status")) {
          assertThat(frame.getString("reason")).isEqualTo("UNAVAILABLE");
        }
        return frame.getBoolean("status");
      }
      others.add(frame);
    }
  }

  /** Asks to join; true when admitted, false when refused for the outage. */
  private static boolean joins(ChatClient client, int room) {
    client.send(Requests.join(room, client.nickname()));
    JsonObject reply = client.next(WAIT);
    assertThat(reply.getString("type")).isEqualTo("SERVER_ROOM_JOIN");
    if (!reply.getBoolean("status")) {
      assertThat(reply.getString("reason")).isEqualTo("UNAVAILABLE");
    }
    return reply.getBoolean("status");
  }
}
