package dev.socketchat.connection;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A member that stops reading must not slow the room down: its backlog grows until the server drops it, and its TCP
 * connection is released even though the member never reads the close frame.
 */
class SlowReaderIT {
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start(
        "standalone-slow-reader",
        Map.of(
            "socketchat.outbox.limit", "65536",
            "socketchat.heartbeat.timeout", "60000",
            "socketchat.websocket.close-timeout", "1000",
            "socketchat.limits.messages-per-second", "0")); // the owner floods on purpose
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void aMemberThatStopsReadingIsDroppedAndItsSocketAbortedWhileTheOthersKeepChatting() throws Exception {
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

      // The readers keep pace batch by batch, so only the stalled member's backlog grows.
      String text = "가".repeat(128);
      int batch = 50;
      int sent = 0;
      int readerChats = 0;
      boolean ownerSawDrop = false;
      boolean readerSawDrop = false;
      while (!(ownerSawDrop && readerSawDrop) && sent < 200_000) {
        for (int i = 0; i < batch; i++) {
          owner.send(chat(room, "owner", text));
        }
        sent += batch;
        ownerSawDrop |= drainChats(owner, batch);
        int[] chats = {0};
        readerSawDrop |= drainChats(reader, batch, chats);
        readerChats += chats[0];
      }
      assertThat(ownerSawDrop).as("the owner saw the stalled member dropped within %d messages", sent).isTrue();
      assertThat(readerSawDrop).as("the reader saw the stalled member dropped").isTrue();
      assertThat(readerChats).as("the reading member got every message").isEqualTo(sent);
      // the 1013 close frame waits behind everything the member did not read; a second after it, the socket goes
      Eventually.await(
          Duration.ofSeconds(6),
          stalled::serverHasClosed,
          closed -> closed,
          "the server to abort the TCP connection of the member it closed with 1013");
    }
  }

  /** Reads until {@code chats} chat frames have arrived; true if the stalled member's exit came among them. */
  private static boolean drainChats(ChatClient client, int chats) {
    return drainChats(client, chats, new int[1]);
  }

  private static boolean drainChats(ChatClient client, int chats, int[] counted) {
    boolean dropped = false;
    while (counted[0] < chats) {
      JsonObject frame = client.next();
      if (frame.getString("type").equals("SERVER_CHAT_SEND")) {
        counted[0]++;
      } else {
        assertThat(frame.getString("type")).isEqualTo("SERVER_ROOM_EXIT");
        assertThat(frame.getString("nickName")).isEqualTo("stalled");
        dropped = true;
      }
    }
    return dropped;
  }
}
