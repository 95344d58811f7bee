package dev.socketchat.cluster;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.resume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.HttpGet;
import dev.socketchat.testing.RedisServer;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Members that drop from a node while it is out of touch with Redis resume on the other node. A node cut off from
 * Redis for a moment (its link to Redis goes through a relay the test freezes, then resets) finds, when it is back,
 * their memberships with their new connections, which is a move, not a removal: its own members are told nothing, and
 * the room goes on. When Redis comes back empty instead, a resume on the other node before the member's node has put
 * its session back is told to try again, and then gets the session, not an end.
 */
class CutOffNodeIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static RedisServer redis;
  private static DroppingProxy link;
  private static StandaloneProcess near;
  private static StandaloneProcess cutOff;

  @BeforeAll
  static void start() throws IOException {
    redis = RedisServer.start("cut-off-redis");
    link = DroppingProxy.to(redis.port());
    Map<String, String> settings =
        Map.of(
            "socketchat.session.resume-window", "30000",
            // a request to an unreachable Redis is refused soon, and the node is not taken for dead meanwhile
            "socketchat.redis.timeout", "1000",
            "socketchat.redis.liveness", "20000");
    near = StandaloneProcess.start("cut-off-near", with(settings, redis.url()));
    cutOff = StandaloneProcess.start("cut-off-node", with(settings, "redis://127.0.0.1:" + link.port()));
  }

  private static Map<String, String> with(Map<String, String> settings, String redisUrl) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("socketchat.redis.url", redisUrl);
    return all;
  }

  @AfterAll
  static void stop() throws IOException {
    cutOff.close();
    near.close();
    link.close();
    redis.close();
  }

  @Test
  void membersThatResumedElsewhereWhileTheirNodeWasCutOffFromRedisStayInTheRoomForItsOtherMembers() {
    try (ChatClient boss = ChatClient.connect(cutOff).as("boss");
        ChatClient mate = ChatClient.connect(cutOff).as("mate");
        ChatClient witness = ChatClient.connect(cutOff).as("witness");
        ChatClient peer = ChatClient.connect(near).as("peer")) {
      boss.send(Requests.create("cut off", "boss"));
      JsonObject created = boss.expectOk("SERVER_ROOM_CREATE");
      int room = created.getInt("roomID");
      String bossSession = created.getString("session");
      String mateSession = mate.join(room).getString("session");
      witness.join(room);
      peer.join(room);
      long seq = boss.take(3, WAIT).get(2).getJsonNumber("seq").longValue();
      mate.take(2, WAIT);
      witness.expectOk("SERVER_ROOM_JOIN");

      double suspendedBefore = Scrape.of(cutOff).value("socketchat_sessions_suspended_total");
      link.freeze(); // the node no longer reaches Redis; what is published meanwhile never reaches it
      boss.abort();
      mate.abort();
      Eventually.await(
          WAIT,
          () -> Scrape.of(cutOff).value("socketchat_sessions_suspended_total"),
          suspended -> suspended == suspendedBefore + 2,
          "the node to suspend both dropped sessions");
      try (ChatClient bossBack = ChatClient.connect(near).as("boss");
          ChatClient mateBack = ChatClient.connect(near).as("mate")) {
        bossBack.send(resume(bossSession, room, seq));
        mateBack.send(resume(mateSession, room, seq));
        for (ChatClient back : new ChatClient[] {bossBack, mateBack}) {
          JsonObject resumed = back.expectOk("SERVER_SESSION_RESUME");
          assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered")).as("%s", resumed).isTrue();
        }

        link.cut(); // the node reconnects and finds its memberships in Redis again
        Eventually.await(WAIT, CutOffNodeIT::ready, status -> status == 200, "the node to be in step again");
        bossBack.send(chat(room, "boss", "still mine"));
        JsonObject said = bossBack.expectOk("SERVER_CHAT_SEND");
        JsonObject heard = peer.expectOk("SERVER_CHAT_SEND");
        assertThat(heard.getJsonNumber("seq")).isEqualTo(said.getJsonNumber("seq"));
        assertThat(witness.next(WAIT))
            .as("the witness on the node that was cut off hears the owner, and nothing of a removal before")
            .isEqualTo(heard);
        mateBack.send(chat(room, "mate", "me too"));
        assertThat(witness.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("me too");
        assertThat(redis.command("HLEN socketchat:room:" + room + ":members")).isEqualTo(":4");
      }
    }
  }

  @Test
  void aMemberThatDroppedWhileRedisWasDownResumesOnTheOtherNodeWhileTheNodesPutTheirSessionsBack() {
    try (ChatClient keeper = ChatClient.connect(near).as("keeper");
        ChatClient wanderer = ChatClient.connect(cutOff).as("wanderer")) {
      int room = keeper.createRoom("put back");
      JsonObject joined = wanderer.join(room);
      String session = joined.getString("session");
      long seq = joined.getJsonNumber("seq").longValue();
      keeper.expectOk("SERVER_ROOM_JOIN");

      redis.stop();
      wanderer.abort(); // its node cannot tell Redis: it keeps the session suspended on its own
      redis.start(); // empty: each node puts back what it holds, in its own time
      // the client resumes on the other node as soon as that node answers: until the session and its seat are back,
      // it is told to try again (UNAVAILABLE), not that the session is gone
      List<ChatClient> attempts = new ArrayList<>();
      try {
        JsonObject resumed =
            Eventually.await(
                Duration.ofSeconds(40),
                () -> {
                  ChatClient attempt = ChatClient.connect(near).as("wanderer");
                  attempts.add(attempt);
                  attempt.send(resume(session, room, seq));
                  return attempt.next(WAIT);
                },
                reply -> reply.getBoolean("status") || !reply.getString("reason").equals("UNAVAILABLE"),
                "a resume answered otherwise than UNAVAILABLE");
        assertThat(resumed.getBoolean("status")).as("%s", resumed).isTrue();
        assertThat(resumed.getJsonArray("rooms").getJsonObject(0).getBoolean("recovered")).as("%s", resumed).isTrue();
        keeper.say(room, "welcome back", WAIT);
        ChatClient back = attempts.get(attempts.size() - 1);
        assertThat(back.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("welcome back");
      } finally {
        attempts.forEach(ChatClient::close);
      }
    }
  }

  /**
   * A node that missed more events than the cluster keeps (more than 10,000 passed while it was cut off; here the
   * recent events are trimmed by hand) still hands its members every event of their rooms, from the rooms' own kept
   * events: each message once, in order, with no gap in the numbers, and the room goes on from there.
   */
  @Test
  void aMemberOfANodeThatMissedMoreEventsThanTheClusterKeepsStillHearsEveryMessageOfItsRoomInOrder() {
    try (ChatClient host = ChatClient.connect(near).as("host");
        ChatClient listener = ChatClient.connect(cutOff).as("listener")) {
      int room = host.createRoom("a long gap");
      long joined = listener.join(room).getJsonNumber("seq").longValue();
      host.expectOk("SERVER_ROOM_JOIN");

      link.freeze();
      List<String> said = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        said.add("while you were away " + i);
        host.send(chat(room, "host", said.get(i)));
        host.expectOk("SERVER_CHAT_SEND");
      }
      // as if more than 10,000 events of the whole cluster had passed: none of the recent ones is kept
      assertThat(redis.command("XTRIM socketchat:recent-events MAXLEN 0")).isNotEqualTo(":0");
      link.cut();
      Eventually.await(WAIT, CutOffNodeIT::ready, status -> status == 200, "the node to be in step again");

      List<JsonObject> heard = listener.take(5, WAIT);
      assertThat(heard).extracting(message -> message.getString("message")).containsExactlyElementsOf(said);
      assertThat(heard)
          .extracting(message -> message.getJsonNumber("seq").longValue())
          .containsExactly(joined + 1, joined + 2, joined + 3, joined + 4, joined + 5);
      host.send(chat(room, "host", "welcome back"));
      JsonObject next = listener.expectOk("SERVER_CHAT_SEND");
      assertThat(next.getString("message")).isEqualTo("welcome back");
      assertThat(next.getJsonNumber("seq").longValue()).isEqualTo(joined + 6);
      listener.expectNothingElse();
    }
  }

  /** The node's readiness: 200 once it is in step with Redis. */
  private static int ready() {
    return HttpGet.status(cutOff.base().resolve("/health/ready"));
  }

}
