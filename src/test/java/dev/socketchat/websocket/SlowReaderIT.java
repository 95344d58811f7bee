package dev.socketchat.websocket;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A member that stops reading must not slow the room down: its backlog grows until the server drops it. */
class SlowReaderIT {
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start(
        "standalone-slow-reader", Map.of("socketchat.outbox.limit", "65536", "socketchat.heartbeat.timeout", "60000"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void aMemberThatStopsReadingIsDroppedWhileTheOthersKeepChatting() throws Exception {
    try (ChatClient owner = ChatClient.connect(server).as("owner");
        ChatClient reader = ChatClient.connect(server).as("reader");
        RawWebSocket stalled = RawWebSocket.open(server.chat(), 4096)) {
      int room = owner.createRoom("flood");
      reader.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");

      stalled.sendText(join(room, "stalled").toString());
      assertThat(owner.expectOk("SERVER_ROOM_JOIN").getString("nickName")).isEqualTo("stalled");
      reader.expectOk("SERVER_ROOM_JOIN");
      // from now on nobody reads the stalled socket

      String text = "가".repeat(128);
      boolean dropped = false;
      int sent = 0;
      while (!dropped && sent < 200_000) {
        owner.send(chat(room, "owner", text));
        sent++;
        if (sent % 500 == 0) {
          for (JsonObject frame : owner.take(Integer.MAX_VALUE, java.time.Duration.ZERO)) {
            dropped |= frame.getString("type").equals("SERVER_ROOM_EXIT")
                && frame.getString("nickName").equals("stalled");
          }
        }
      }
      while (!dropped) {
        JsonObject frame = owner.next();
        dropped = frame.getString("type").equals("SERVER_ROOM_EXIT");
      }
      assertThat(dropped).as("stalled member dropped after %d messages", sent).isTrue();

      int readerChats = 0;
      boolean sawExit = false;
      while (readerChats < sent || !sawExit) {
        JsonObject frame = reader.next();
        if (frame.getString("type").equals("SERVER_CHAT_SEND")) {
          readerChats++;
        } else {
          assertThat(frame.getString("nickName")).isEqualTo("stalled");
          sawExit = true;
        }
      }
      assertThat(readerChats).as("the reading member got every message").isEqualTo(sent);
    }
  }
}
