package dev.socketchat.cluster;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.resume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.DroppingProxy;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.FineLogging;
import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A resume whose new connection drops while the resume is still on its way (held up in Redis, which the test stops
 * for a few seconds) is a drop like any other: the session is suspended again, nobody is told, and a later resume
 * gets it back with everything it missed. On the node that holds the session, and on the other node, which takes it
 * over; whether the network goes silent or resets the connection.
 */
class DroppedResumeIT {
  private static final Duration WAIT = Duration.ofSeconds(15);
  private static final Pattern OPENED = Pattern.compile("connection (\\S+) opened");
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    // the test follows the nodes' own account of a connection: opened, resuming, closed
    String logging =
        FineLogging.file(
            "dropped-resume", "dev.socketchat.websocket.ChatEndpoint", "dev.socketchat.domain.RoomManager");
    cluster =
        ClusterUnderTest.start(
            "dropped-resume",
            2,
            Map.of(
                FineLogging.PROPERTY, logging,
                "socketchat.session.resume-window", "20000",
                // a silent connection is given up while the resume waits for Redis
                "socketchat.heartbeat.interval", "500",
                "socketchat.heartbeat.timeout", "3000",
                // Redis stands still while a resume is on its way: long enough for the test, short of the timeout
                "socketchat.redis.timeout", "8000",
                "socketchat.redis.liveness", "20000"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /**
   * Drops the resuming connection while Redis holds its resume up, then resumes again.
   *
   * @param resumedOn the node the client resumes on: 0 holds the session, 1 takes it over
   * @param drop how the resuming connection is lost: its network goes silent ({@code freeze}, its heartbeat gives up)
   *     or resets it ({@code cut}, noticed by a failed ping while the connection's reads wait behind the resume)
   */
  @ParameterizedTest
  @CsvSource({"0, freeze", "1, freeze", "0, cut", "1, cut"})
  void aResumeWhoseConnectionDropsOnItsWayLeavesTheSessionSuspendedForTheNextResume(int resumedOn, String drop)
      throws Exception {
    StandaloneProcess held = cluster.node(0);
    StandaloneProcess other = cluster.node(1);
    try (ChatClient owner = ChatClient.connect(other).as("kim");
        DroppingProxy toHolder = DroppingProxy.to(held.port());
        DroppingProxy toResumer = DroppingProxy.to(cluster.node(resumedOn).port())) {
      int room = owner.createRoom("dropped resume " + resumedOn);
      ChatClient guest = relayed(toHolder, held, "lee");
      JsonObject joined = guest.join(room);
      String session = joined.getString("session");
      long seq = joined.getJsonNumber("seq").longValue();
      owner.expectOk("SERVER_ROOM_JOIN");

      toHolder.cut();
      Eventually.await(
          WAIT,
          () -> cluster.redis().command("PTTL socketchat:session:" + session),
          ttl -> ttl.matches(":[1-9][0-9]*"),
          "the dropped guest's session to wait for a resume");
      owner.send(chat(room, "kim", "while away"));
      awaitChat(owner, "while away");

      StandaloneProcess resumer = cluster.node(resumedOn);
      int opened = opened(resumer).size();
      ChatClient dropping = relayed(toResumer, resumer, "lee");
      String id =
          Eventually.await(WAIT, () -> opened(resumer), ids -> ids.size() > opened, "the node to open the connection")
              .get(opened);
      cluster.redis().pause();
      try {
        dropping.send(resume(session, room, seq));
        Eventually.await(
            WAIT,
            resumer::log,
            log -> log.contains("connection " + id + " resumes a session"),
            "the resume to be on its way");
        if (drop.equals("freeze")) {
          toResumer.freeze();
        } else {
          toResumer.cut();
        }
        Eventually.await(
            WAIT,
            resumer::log,
            log -> log.contains("connection " + id + " closed"),
            "the resuming connection's drop to be noticed");
      } finally {
        cluster.redis().resume();
      }

      try (ChatClient back = ChatClient.connect(other).as("lee")) {
        back.send(resume(session, room, seq));
        JsonObject resumed = back.expectOk("SERVER_SESSION_RESUME");
        JsonObject outcome = resumed.getJsonArray("rooms").getJsonObject(0);
        assertThat(outcome.getBoolean("recovered")).as("%s", resumed).isTrue();
        assertThat(back.expectOk("SERVER_CHAT_SEND").getString("message")).isEqualTo("while away");
        back.send(chat(room, "lee", "back at last"));
        awaitChat(back, "back at last");
        awaitChat(owner, "back at last");
        for (StandaloneProcess node : cluster.nodes()) {
          Eventually.await(
              WAIT,
              () -> Status.of(node).getInt("suspended"),
              suspended -> suspended == 0,
              "no node to hold on to a session that moved on");
        }
        assertThat(cluster.redis().command("HLEN socketchat:room:" + room + ":members"))
            .as("kim and lee, once each")
            .isEqualTo(":2");
        owner.expectNothingElse(); // nobody left
        back.expectNothingElse();
      }
    }
  }

  /** A client whose connection to {@code node} goes through {@code relay}, which the test cuts. */
  private static ChatClient relayed(DroppingProxy relay, StandaloneProcess node, String name) {
    return ChatClient.connect(URI.create("ws://127.0.0.1:" + relay.port() + node.chat().getRawPath())).as(name);
  }

  /** The ids of the connections the node opened so far, in order. */
  private static List<String> opened(StandaloneProcess node) {
    List<String> ids = new ArrayList<>();
    Matcher matcher = OPENED.matcher(node.log());
    while (matcher.find()) {
      ids.add(matcher.group(1));
    }
    return ids;
  }

  private static void awaitChat(ChatClient client, String text) {
    JsonObject frame = client.expectOk("SERVER_CHAT_SEND");
    assertThat(frame.getString("message")).isEqualTo(text);
  }
}
