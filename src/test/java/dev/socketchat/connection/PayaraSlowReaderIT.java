package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.StalledMemberFlood;
import dev.socketchat.testing.StalledMemberFlood.Seen;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On Payara, whose send completes once the frame is in the container's own buffers, a member that stops reading is
 * still closed with 1013 and leaves at once, while the others keep chatting: the container does not queue for it
 * without bound until the heartbeat gives up.
 */
class PayaraSlowReaderIT {
  /** How long the room chats at most before the stalled member must have left. */
  private static final Duration WITHIN = Duration.ofSeconds(30);

  @RegisterExtension
  static final DeployedServer SERVER =
      DeployedServer.on(
          AppServer.PAYARA,
          Map.of(
              "socketchat.outbox.limit", "65536",
              "socketchat.heartbeat.timeout", "120000", // the stalled member must go as slow, not as silent
              "socketchat.limits.messages-per-second", "0")); // the owner floods on purpose

  @Test
  void aMemberThatStopsReadingIsClosedWith1013AndLeavesWhileTheOthersKeepChatting() throws Exception {
    try (ChatClient owner = ChatClient.connect(SERVER).as("owner");
        ChatClient reader = ChatClient.connect(SERVER).as("reader");
        RawWebSocket stalled = RawWebSocket.open(SERVER.chat(), 4096)) {
      int room = StalledMemberFlood.seat(owner, reader, stalled);

      // nobody reads the stalled socket, nor answers its pings; the others read each batch before the next
      Seen seen = StalledMemberFlood.flood(owner, reader, room, 25, Integer.MAX_VALUE, WITHIN);
      assertThat(seen.ownerSawExit())
          .as("the owner saw the stalled member leave within %s (%d messages)", WITHIN, seen.sent())
          .isTrue();
      assertThat(seen.readerSawExit()).as("the reader saw the stalled member leave").isTrue();
      assertThat(seen.readerChats()).as("the reading member got every message").isEqualTo(seen.sent());
      // what the container had taken before the close still comes first; then the close frame
      assertThat(stalled.awaitCloseCode(Duration.ofSeconds(20))).as("the stalled member's close code").isEqualTo(1013);
    }
  }
}
