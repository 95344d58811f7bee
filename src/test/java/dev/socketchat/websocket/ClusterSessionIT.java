package dev.socketchat.websocket;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.resume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.ClusterUnderTest;
import dev.socketchat.testing.ServerUnderTest;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions on a cluster node: every client of the contract is on node 0 (the dropped ones through the relay), whose
 * suspended sessions take their rooms' kept events from Redis; and chat from a member on node 1 reaches a session
 * suspended on node 0, which resumes there with all of it. Rooms keep 20 events here.
 */
class ClusterSessionIT extends SessionContract {
  private static final int KEEP = 20;
  private static ClusterUnderTest cluster;

  @BeforeAll
  static void start() {
    cluster =
        ClusterUnderTest.start(
            "cluster-sessions",
            2,
            Map.of(
                "socketchat.session.resume-window", "4000",
                "socketchat.history.keep", Integer.toString(KEEP),
                "socketchat.limits.messages-per-second", "0"));
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Override
  ServerUnderTest server() {
    return cluster.node(0);
  }

  @Test
  void chatFromAnotherNodeIsKeptForASessionSuspendedOnThisOneAndReplayedOnResume() {
    try (ChatClient owner = ChatClient.connect(cluster.node(1)).as("kim")) {
      int room = owner.createRoom("across");
      ChatClient guest = relayed("lee");
      owner.send(chat(room, "kim", "before"));
      awaitChat(owner, "before");
      JsonObject joined = guest.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");
      owner.send(chat(room, "kim", "seen"));
      awaitChat(owner, "seen");
      awaitChat(guest, "seen");
      long seq = joined.getJsonNumber("seq").longValue() + 1;

      proxy.cut();
      for (String text : List.of("one", "two", "three")) {
        owner.send(chat(room, "kim", text));
        awaitChat(owner, text);
      }
      ChatClient back = direct("lee");
      back.send(resume(joined.getString("session"), room, seq));
      JsonObject outcome = back.expectOk("SERVER_SESSION_RESUME").getJsonArray("rooms").getJsonObject(0);
      assertThat(outcome.getBoolean("recovered")).isTrue();
      for (String text : List.of("one", "two", "three")) {
        JsonObject missed = back.expectOk("SERVER_CHAT_SEND");
        assertThat(missed.getString("message")).isEqualTo(text);
        assertThat(missed.getJsonNumber("seq").longValue()).isEqualTo(++seq);
      }
      back.send(chat(room, "lee", "back"));
      awaitChat(back, "back");
      awaitChat(owner, "back");
      owner.expectNothingElse();
      back.expectNothingElse();
    }
  }

  @Test
  void moreMissedThanTheRoomKeepsIsHistoryGoneButTheSeatStays() {
    ChatClient owner = direct("kim");
    int room = owner.createRoom("busy");
    ChatClient guest = relayed("lee");
    JsonObject joined = guest.join(room);
    owner.expectOk("SERVER_ROOM_JOIN");
    proxy.cut();
    for (int i = 0; i <= KEEP; i++) {
      owner.send(chat(room, "kim", "m" + i));
      awaitChat(owner, "m" + i);
    }

    ChatClient back = direct("lee");
    back.send(resume(joined.getString("session"), room, joined.getJsonNumber("seq").longValue()));
    JsonObject outcome = back.expectOk("SERVER_SESSION_RESUME").getJsonArray("rooms").getJsonObject(0);
    assertThat(outcome.getBoolean("recovered")).isFalse();
    assertThat(outcome.getString("reason")).isEqualTo("HISTORY_GONE");
    owner.send(chat(room, "kim", "live"));
    awaitChat(back, "live");
  }
}
