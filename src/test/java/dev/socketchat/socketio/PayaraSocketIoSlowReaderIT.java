package dev.socketchat.socketio;

import static dev.socketchat.testing.SocketIoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.SocketIoClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On Payara, whose send completes once the frame is in the container's own buffers, a Socket.IO page that stops
 * reading is closed with 1013 once it leaves too much unread, long before Engine.IO's heartbeat would give up on it,
 * while the others keep chatting: the container does not queue for it without bound.
 */
class PayaraSocketIoSlowReaderIT {
  /** How long the room chats at most before the stalled page must have gone; far less than the heartbeat's 240 s. */
  private static final Duration WITHIN = Duration.ofSeconds(30);

  @RegisterExtension
  static final DeployedServer SERVER =
      DeployedServer.on(
          AppServer.PAYARA,
          Map.of(
              "socketchat.outbox.limit", "65536",
              "socketchat.socketio.ping-interval", "120000", // the stalled page must go as slow, not as silent
              "socketchat.socketio.ping-timeout", "120000",
              "socketchat.limits.messages-per-second", "0")); // alice floods on purpose

  @Test
  void aPageThatStopsReadingIsClosedWith1013WhileTheOthersKeepChatting() throws Exception {
    String room = "slow-reader";
    try (SocketIoClient alice = SocketIoClient.open(SERVER, "alice", room, "websocket").awaitConnected();
        SocketIoClient bob = SocketIoClient.open(SERVER, "bob", room, "websocket").awaitConnected();
        RawWebSocket stalled = RawWebSocket.open(socketIo("name=stalled&room=" + room), 4096)) {
      for (SocketIoClient member : List.of(alice, bob)) {
        assertThat(member.ask("join_room", json("type", 1)).optBoolean("status")).isTrue();
      }
      stalled.sendText("40");
      stalled.sendText("42[\"join_room\",{\"type\":0}]");
      for (SocketIoClient member : List.of(alice, bob)) {
        for (String event : List.of("chatting", "join_room")) {
          assertThat(member.next(event).optString("name")).as("the entry notice").isEqualTo("stalled");
        }
      }
      // from now on nobody reads the stalled socket, nor answers its pings

      String text = "가".repeat(128);
      int batch = 25;
      int sent = 0;
      int bobChats = 0;
      int connected = 3;
      long deadline = System.nanoTime() + WITHIN.toNanos();
      while (connected == 3 && System.nanoTime() < deadline) {
        for (int i = 0; i < batch; i++) {
          alice.emit("chatting", text);
        }
        sent += batch;
        for (int i = 0; i < batch; i++) {
          alice.next("chatting");
          JSONObject chat = bob.next("chatting");
          bobChats++;
          connected = Math.min(connected, chat.optInt("view"));
        }
      }
      assertThat(connected).as("members connected after %d messages in %s", sent, WITHIN).isEqualTo(2);
      assertThat(bobChats).as("the reading page got every message").isEqualTo(sent);
      // what the container had taken before the close still comes first; then the close frame
      assertThat(stalled.awaitCloseCode(Duration.ofSeconds(20))).as("the stalled page's close code").isEqualTo(1013);
    }
  }

  private static URI socketIo(String query) {
    URI http = SERVER.resolve("socket.io/?EIO=4&transport=websocket&" + query);
    return URI.create(http.toString().replaceFirst("^http", "ws"));
  }
}
