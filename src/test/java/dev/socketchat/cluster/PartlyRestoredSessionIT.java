package dev.socketchat.cluster;

import static dev.socketchat.testing.Requests.resume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.FreePorts;
import dev.socketchat.testing.RedisServer;
import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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
 * A member in two rooms owned on different nodes drops while Redis is down, and Redis comes back empty: its node puts
 * the session back with its seat in the room owned there, but the other room waits for its owner's node, which cannot
 * reach Redis yet (its link goes through a relay the test points nowhere). A resume meanwhile, on a third node or on
 * the member's own, is told to try again, and once the room is back it gets both rooms, with nothing left behind.
 */
class PartlyRestoredSessionIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static RedisServer redis;
  private static DroppingProxy link;
  private static StandaloneProcess home;
  private static StandaloneProcess far;
  private static StandaloneProcess near;

  @BeforeAll
  static void start() throws IOException {
    redis = RedisServer.start("partly-restored-redis");
    link = DroppingProxy.to(redis.port());
    Map<String, String> settings =
        Map.of(
            "socketchat.session.resume-window", "60000",
            "socketchat.redis.timeout", "1000",
            "socketchat.redis.liveness", "20000");
    home = StandaloneProcess.start("partly-restored-home", with(settings, redis.url()));
    far = StandaloneProcess.start("partly-restored-far", with(settings, "redis://127.0.0.1:" + link.port()));
    near = StandaloneProcess.start("partly-restored-near", with(settings, redis.url()));
  }

  private static Map<String, String> with(Map<String, String> settings, String redisUrl) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("socketchat.redis.url", redisUrl);
    return all;
  }

  @AfterAll
  static void stop() throws IOException {
    near.close();
    far.close();
    home.close();
    link.close();
    redis.close();
  }

  @Test
  void aResumeWhileOneOfItsRoomsIsNotBackYetWaitsAndThenGetsEveryRoom() {
    resumeWhileTheFarRoomWaits(near);
  }

  @Test
  void aResumeOnItsOwnNodeWhileOneOfItsRoomsIsNotBackYetWaitsAndThenGetsEveryRoom() {
    resumeWhileTheFarRoomWaits(home);
  }

  /** The member drops from {@code home} while Redis is down and resumes on {@code node} once Redis is back empty. */
  private static void resumeWhileTheFarRoomWaits(StandaloneProcess node) {
    try (ChatClient homeOwner = ChatClient.connect(home).as("homeowner");
        ChatClient farOwner = ChatClient.connect(far).as("farowner");
        ChatClient wanderer = ChatClient.connect(home).as("wanderer")) {
      int homeRoom = homeOwner.createRoom("home room");
      int farRoom = farOwner.createRoom("far room");
      JsonObject joinedHome = wanderer.join(homeRoom);
      homeOwner.expectOk("SERVER_ROOM_JOIN");
      JsonObject joinedFar = wanderer.join(farRoom);
      farOwner.expectOk("SERVER_ROOM_JOIN");
      String session = joinedHome.getString("session");
      JsonObject request =
          resume(
              session,
              homeRoom,
              joinedHome.getJsonNumber("seq").longValue(),
              farRoom,
              joinedFar.getJsonNumber("seq").longValue());
      int connectionsBefore = Status.of(home).getInt("connections");

      redis.stop();
      wanderer.abort(); // its node cannot tell Redis: it keeps the session suspended on its own
      link.retarget(FreePorts.take(1)[0]); // nothing listens there: the far node stays out of touch
      link.cut();
      redis.start(); // empty: the home node puts back the session and the home room, the far room waits for its owner
      Eventually.await(
          Duration.ofSeconds(40),
          () -> redis.command("HLEN socketchat:room:" + homeRoom + ":members"),
          members -> members.equals(":2"),
          "the home node to put the session back with its seat in the home room");

      try (ChatClient early = ChatClient.connect(node).as("wanderer")) {
        early.send(request);
        assertThat(early.expectRefusal("SERVER_SESSION_RESUME", "UNAVAILABLE"))
            .as("a resume before the far room is back is told to try again")
            .isNotNull();
      }

      link.retarget(redis.port()); // the far node reaches Redis again and puts its room back
      List<ChatClient> attempts = new ArrayList<>();
      try {
        JsonObject resumed =
            Eventually.await(
                Duration.ofSeconds(40),
                () -> {
                  ChatClient attempt = ChatClient.connect(node).as("wanderer");
                  attempts.add(attempt);
                  attempt.send(request);
                  return attempt.next(WAIT);
                },
                reply -> reply.getBoolean("status") || !reply.getString("reason").equals("UNAVAILABLE"),
                "a resume answered otherwise than UNAVAILABLE");
        assertThat(resumed.getBoolean("status")).as("%s", resumed).isTrue();
        for (JsonValue room : resumed.getJsonArray("rooms")) {
          assertThat(room.asJsonObject().getBoolean("recovered")).as("%s", resumed).isTrue();
        }
        ChatClient back = attempts.get(attempts.size() - 1);
        farOwner.say(farRoom, "from afar", WAIT);
        assertThat(back.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("from afar");
        homeOwner.say(homeRoom, "from home", WAIT);
        assertThat(back.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("from home");
        attempts.stream().filter(attempt -> attempt != back).forEach(ChatClient::close);
        // on its own node the session's connection is the resumed one; elsewhere the old one goes
        int connectionsAfter = node == home ? connectionsBefore : connectionsBefore - 1;
        Eventually.await(
            WAIT,
            () -> Status.of(home).getInt("connections"),
            connections -> connections == connectionsAfter,
            "the home node to keep the session's connection alone");
      } finally {
        attempts.forEach(ChatClient::close);
      }
    }
  }
}
