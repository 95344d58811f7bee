package dev.socketchat.standalone;

import static dev.socketchat.testing.SocketIoClient.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.FreePorts;
import dev.socketchat.testing.HttpGet;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.SocketIoClient;
import dev.socketchat.testing.StalledMemberFlood;
import dev.socketchat.testing.StalledMemberFlood.Seen;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A runner that stops (SIGTERM) delivers what it accepted before it closes: a member that reads slowly (on {@code /chat}
 * or Socket.IO) gets every chat its room was sent, and then the close with 1012, though the frames still waited for it
 * when the stop began.
 * The server runs in this process, so the test starts its stop while the member's frames wait.
 */
class StopIT {
  /** Chats the owner sends while the member reads nothing: far more than the sockets' buffers hold, within the limit. */
  private static final int CHATS = 3_000;
  /**
   * The sender floods on purpose; the slow member, which reads nothing from the flood's start to the stop's, is not to
   * be closed meanwhile as a stalled reader (however slow the machine), nor by Engine.IO's heartbeat it does not answer.
   */
  private static final Map<String, String> SETTINGS =
      Map.of(
          "socketchat.limits.messages-per-second", "0",
          "socketchat.outbox.stall-timeout", "120000",
          "socketchat.socketio.ping-interval", "120000",
          "socketchat.socketio.ping-timeout", "120000");

  @Test
  void aMemberThatReadsSlowlyGetsEveryChatBeforeTheRestartClose() throws Exception {
    StandaloneServer server = StandaloneServer.start("127.0.0.1", FreePorts.take(1)[0], SETTINGS::get);
    CompletableFuture<Void> stopped = null;
    URI chat = URI.create("ws://127.0.0.1:" + server.port() + "/chat");
    try (ChatClient owner = ChatClient.connect(chat).as("owner");
        ChatClient reader = ChatClient.connect(chat).as("reader");
        RawWebSocket slow = RawWebSocket.open(chat, 4096)) {
      int room = StalledMemberFlood.seat(owner, reader, slow);
      Seen seen = StalledMemberFlood.flood(owner, reader, room, 100, CHATS, Duration.ofMinutes(1));
      assertThat(seen.sent()).isEqualTo(CHATS);
      assertThat(seen.ownerSawExit()).as("the slow member is still in the room").isFalse();

      stopped = CompletableFuture.runAsync(server::close);
      Eventually.await(Duration.ofSeconds(10), () -> readiness(server), code -> code != 200, "the drain to begin");
      RawWebSocket.Received received = slow.readUntilClose(Duration.ofSeconds(30));

      assertThat(received.texts().stream().filter(text -> text.contains("\"SERVER_CHAT_SEND\"")).count())
          .as("every chat the room was sent before the stop")
          .isEqualTo(CHATS);
      assertThat(received.closeCode()).as("service restart: come back").isEqualTo(1012);
    } finally {
      if (stopped == null) {
        server.close();
      } else {
        stopped.get(60, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void aSocketIoPageThatReadsSlowlyGetsEveryChatBeforeTheRestartClose() throws Exception {
    StandaloneServer server = StandaloneServer.start("127.0.0.1", FreePorts.take(1)[0], SETTINGS::get);
    CompletableFuture<Void> stopped = null;
    ServerUnderTest inProcess = inProcess(server);
    String text = "가".repeat(128);
    URI stalledPage =
        URI.create("ws://127.0.0.1:" + server.port() + "/socket.io/?EIO=4&transport=websocket&name=slow&room=stop");
    try (SocketIoClient alice = SocketIoClient.open(inProcess, "alice", "stop", "websocket").awaitConnected();
        RawWebSocket slow = RawWebSocket.open(stalledPage, 4096)) {
      assertThat(alice.ask("join_room", json("type", 1)).optBoolean("status")).isTrue();
      slow.sendText("40");
      slow.sendText("42[\"join_room\",{\"type\":0}]");
      for (String event : List.of("chatting", "join_room")) {
        assertThat(alice.next(event).optString("name")).as("the entry notice").isEqualTo("slow");
      }
      for (int sent = 0; sent < CHATS; sent += 100) {
        for (int i = 0; i < 100; i++) {
          alice.emit("chatting", text);
        }
        for (int i = 0; i < 100; i++) {
          assertThat(alice.next("chatting").optInt("view")).as("the slow page is still in the room").isEqualTo(2);
        }
      }

      stopped = CompletableFuture.runAsync(server::close);
      Eventually.await(Duration.ofSeconds(10), () -> readiness(server), code -> code != 200, "the drain to begin");
      RawWebSocket.Received received = slow.readUntilClose(Duration.ofSeconds(30));

      assertThat(received.texts().stream().filter(frame -> frame.contains(text)).count())
          .as("every chat the room was sent before the stop")
          .isEqualTo(CHATS);
      assertThat(received.closeCode()).as("service restart: socket.io-client reconnects").isEqualTo(1012);
    } finally {
      if (stopped == null) {
        server.close();
      } else {
        stopped.get(60, TimeUnit.SECONDS);
      }
    }
  }

  /** The server in this process, as the Socket.IO client takes one. */
  private static ServerUnderTest inProcess(StandaloneServer server) {
    return new ServerUnderTest() {
      @Override
      public String name() {
        return "in-process";
      }

      @Override
      public URI base() {
        return URI.create("http://127.0.0.1:" + server.port() + "/");
      }

      @Override
      public Duration heartbeatTimeout() {
        return Duration.ofSeconds(60);
      }
    };
  }

  /** What {@code /health/ready} answers; 0 once nothing listens. */
  private static int readiness(StandaloneServer server) {
    return HttpGet.status(URI.create("http://127.0.0.1:" + server.port() + "/health/ready"));
  }
}
