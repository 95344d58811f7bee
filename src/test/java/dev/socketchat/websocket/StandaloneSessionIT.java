package dev.socketchat.websocket;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.delete;
import static dev.socketchat.testing.Requests.resume;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.Requests;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions on the standalone runner, which also shows the two drops a relay cannot make on every server: a peer gone
 * silent until the heartbeat gives up, and more missed than a room keeps (20 events here).
 */
class StandaloneSessionIT extends SessionContract {
  private static final int KEEP = 20;
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "sessions",
            Map.of(
                "socketchat.session.resume-window", "4000",
                "socketchat.history.keep", Integer.toString(KEEP),
                "socketchat.limits.messages-per-second", "0"));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Override
  ServerUnderTest server() {
    return server;
  }

  @Test
  void anOwnerGoneSilentUntilTheHeartbeatGivesUpStillOwnsItsRoomAfterTheResume() {
    ChatClient owner = relayed("kim");
    owner.send(Requests.create("silent", "kim"));
    JsonObject created = owner.expectOk("SERVER_ROOM_CREATE");
    int room = created.getInt("roomID");
    String session = created.getString("session");
    ChatClient guest = direct("lee");
    long joinedAt = guest.join(room).getJsonNumber("seq").longValue();
    owner.expectOk("SERVER_ROOM_JOIN");

    proxy.freeze();
    guest.send(chat(room, "lee", "are you there?"));
    awaitChat(guest, "are you there?");
    Eventually.await(
        server.heartbeatTimeout().plusSeconds(10),
        () -> Status.of(server).getInt("suspended"),
        suspended -> suspended == 1,
        "the server to give up on the silent owner and suspend its session");
    guest.expectNothingElse();

    ChatClient back = direct("kim");
    back.send(resume(session, room, joinedAt));
    assertThat(back.expectOk("SERVER_SESSION_RESUME").getJsonArray("rooms").getJsonObject(0).getBoolean("recovered"))
        .isTrue();
    awaitChat(back, "are you there?");
    back.send(delete(room, "kim"));
    back.expectOk("SERVER_ROOM_DELETE");
    assertThat(guest.expectOk("SERVER_ROOM_DELETE").getInt("roomID")).isEqualTo(room);
  }

  @Test
  void moreMissedThanTheRoomKeepsIsHistoryGoneButTheSeatStays() {
    missMoreThanKept(KEEP, this::direct);
  }
}
