package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.StalledMemberFlood;
import dev.socketchat.testing.StalledMemberFlood.Seen;
import dev.socketchat.testing.StandaloneProcess;
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
      int room = StalledMemberFlood.seat(owner, reader, stalled);

      // only the stalled member's backlog grows: the others read each batch before the next
      Seen seen = StalledMemberFlood.flood(owner, reader, room, 50, 200_000, Duration.ofMinutes(2));
      assertThat(seen.ownerSawExit())
          .as("the owner saw the stalled member dropped within %d messages", seen.sent())
          .isTrue();
      assertThat(seen.readerSawExit()).as("the reader saw the stalled member dropped").isTrue();
      assertThat(seen.readerChats()).as("the reading member got every message").isEqualTo(seen.sent());
      // the 1013 close frame waits behind everything the member did not read; a second after it, the socket goes
      Eventually.await(
          Duration.ofSeconds(6),
          stalled::serverHasClosed,
          closed -> closed,
          "the server to abort the TCP connection of the member it closed with 1013");
    }
  }
}
