package dev.socketchat.socketio;

import static dev.socketchat.testing.SocketIoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.SocketIoClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.json.JSONObject;
import org.junit.jupiter.api.Test;

/**
 * A Socket.IO page that stops reading is closed with 1013 once it leaves too much unread, long before Engine.IO's
 * heartbeat would give up on it, while the others keep chatting; its end counts as a slow reader's. Each server whose
 * container does not queue for it without bound has a subclass.
 */
abstract class SocketIoSlowReaderContract {
  /** The settings the server runs with: a small outbox, a heartbeat far off, a flooding sender let through. */
  static final Map<String, String> SETTINGS =
      Map.of(
          "socketchat.outbox.limit", "65536",
          "socketchat.socketio.ping-interval", "120000", // the stalled page must go as slow, not as silent
          "socketchat.socketio.ping-timeout", "120000",
          "socketchat.limits.messages-per-second", "0"); // alice floods on purpose

  /** How long the room chats at most before the stalled page must have gone; far less than the heartbeat's 240 s. */
  private static final Duration WITHIN = Duration.ofSeconds(30);

  private static final List<String> CAUSES = List.of("slow_reader", "network", "client");

  /** The server under test. */
  abstract ServerUnderTest server();

  @Test
  void aPageThatStopsReadingIsClosedWith1013AndCountedAsASlowReaderWhileTheOthersKeepChatting() throws Exception {
    String room = "slow-reader";
    Scrape before = Scrape.of(server());
    try (SocketIoClient alice = SocketIoClient.open(server(), "alice", room, "websocket").awaitConnected();
        SocketIoClient bob = SocketIoClient.open(server(), "bob", room, "websocket").awaitConnected();
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
      Eventually.await(
          Duration.ofSeconds(10),
          () -> Scrape.of(server()).value(closed("slow_reader")) - before.value(closed("slow_reader")),
          (Predicate<Double>) delta -> delta == 1,
          "the stalled page's end counted as a slow reader's");
      assertThat(Scrape.of(server()).since(before, CAUSES.stream().map(this::closed).toArray(String[]::new)))
          .as("its end counted once, and as nothing else")
          .containsEntry(closed("network"), 0.0)
          .containsEntry(closed("client"), 0.0);
    }
  }

  private String closed(String cause) {
    return "socketchat_connections_closed_total{cause=\"" + cause + "\"}";
  }

  private URI socketIo(String query) {
    URI http = server().resolve("socket.io/?EIO=4&transport=websocket&" + query);
    return URI.create(http.toString().replaceFirst("^http", "ws"));
  }
}
