package dev.socketchat.connection;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.RawWebSocket;
import jakarta.json.JsonObject;
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
      int room = owner.createRoom("flood");
      reader.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");

      stalled.sendText(join(room, "stalled").toString());
      assertThat(owner.expectOk("SERVER_ROOM_JOIN").getString("nickName")).isEqualTo("stalled");
      reader.expectOk("SERVER_ROOM_JOIN");
      // from now on nobody reads the stalled socket, nor answers its pings

      String text = "가".repeat(128);
      int batch = 25;
      int sent = 0;
      int readerChats = 0;
      boolean ownerSawExit = false;
      boolean readerSawExit = false;
      long deadline = System.nanoTime() + WITHIN.toNanos();
      while (!(ownerSawExit && readerSawExit) && System.nanoTime() < deadline) {
        for (int i = 0; i < batch; i++) {
          owner.send(chat(room, "owner", text));
        }
        sent += batch;
        ownerSawExit |= drainChats(owner, batch, new int[1]);
        int[] chats = {0};
        readerSawExit |= drainChats(reader, batch, chats);
        readerChats += chats[0];
      }
      assertThat(ownerSawExit)
          .as("the owner saw the stalled member leave within %s (%d messages)", WITHIN, sent)
          .isTrue();
      assertThat(readerSawExit).as("the reader saw the stalled member leave").isTrue();
      assertThat(readerChats).as("the reading member got every message").isEqualTo(sent);
      // what the container had taken before the close still comes first; then the close frame
      assertThat(stalled.awaitCloseCode(Duration.ofSeconds(20))).as("the stalled member's close code").isEqualTo(1013);
    }
  }

  /** Reads until {@code chats} chat frames have arrived, counting them; true if the stalled member's exit came. */
  private static boolean drainChats(ChatClient client, int chats, int[] counted) {
    boolean left = false;
    while (counted[0] < chats) {
      JsonObject frame = client.next();
      if (frame.getString("type").equals("SERVER_CHAT_SEND")) {
        counted[0]++;
      } else {
        assertThat(frame.getString("type")).isEqualTo("SERVER_ROOM_EXIT");
        assertThat(frame.getString("nickName")).isEqualTo("stalled");
        left = true;
      }
    }
    return left;
  }
}
