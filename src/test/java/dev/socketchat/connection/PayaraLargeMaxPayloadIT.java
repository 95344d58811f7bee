package dev.socketchat.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.RawWebSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * On Payara, whose Tyrus buffers a frame whole in as many bytes as the WAR's descriptor says (enough for the default
 * {@code max-payload}), a larger {@code max-payload} is warned of at start with the context parameter to add, frames
 * within Tyrus's buffer are read up to the setting, and a larger frame is refused once its bytes pass the buffer.
 */
class PayaraLargeMaxPayloadIT {
  private static final int MAX_PAYLOAD = 6_000_000;
  private static final Duration WAIT = Duration.ofSeconds(15);

  @RegisterExtension
  static final DeployedServer SERVER =
      DeployedServer.on(
          AppServer.PAYARA, Map.of("socketchat.socketio.max-payload", Integer.toString(MAX_PAYLOAD)));

  @Test
  void theStartLogNamesTheContextParameterTyrusNeedsForTheSetting() {
    assertThat(SERVER.running().logTail(5000))
        .contains("socketchat.socketio.max-payload is 6000000 bytes")
        .contains("org.glassfish.tyrus.servlet.incoming-buffer-size = 7048590");
  }

  @Test
  void aMessageOverTheDefaultMaxPayloadInOneFrameWithinTyrusesBufferIsReadWholeAndAnswered() throws IOException {
    String query = "?EIO=4&transport=websocket&name=big&room=large";
    try (RawWebSocket page = RawWebSocket.open(SERVER.socketIoOrigin().resolve(SERVER.socketIoPath() + query), 0)) {
      assertThat(next(page)).contains("\"maxPayload\":" + MAX_PAYLOAD);
      page.sendText("40");
      assertThat(next(page)).startsWith("40{");
      page.sendText("421[\"join_room\",{\"type\":1}]");
      assertThat(next(page)).isEqualTo("431[{\"status\":true}]");
      String head = "427[\"chatting\",{\"msg\":\"";
      page.sendText(head + "x".repeat(1_050_000 - head.length() - 3) + "\"}]");
      assertThat(next(page)).startsWith("437[{\"status\":false,\"reason\":\"BAD_MESSAGE\"");
      page.sendText("428[\"chatting\",\"and now a short one\"]");
      assertThat(next(page)).startsWith("42[\"chatting\",{\"msg\":\"and now a short one\"");
      assertThat(next(page)).isEqualTo("438[{\"status\":true}]");
    }
  }

  @Test
  void aFrameLargerThanTheWarsBufferIsRefusedOnceItsBytesPassTheBufferNotAtFourMib() throws IOException {
    String query = "?EIO=4&transport=websocket&name=huge&room=large";
    try (RawWebSocket page = RawWebSocket.open(SERVER.socketIoOrigin().resolve(SERVER.socketIoPath() + query), 0)) {
      assertThat(next(page)).contains("\"maxPayload\":" + MAX_PAYLOAD);
      // a text frame that announces 3,000,000 bytes (within max-payload) and brings 2,200,000 of them, then waits:
      // past the WAR's 2,048,590 bytes of Tyrus's buffer, where Tyrus's own 4 MiB would still wait for the rest
      ByteBuffer head = ByteBuffer.allocate(14);
      head.put((byte) 0x81).put((byte) (0x80 | 127)).putLong(3_000_000L).putInt(0); // a zero mask: bytes as sent
      page.sendRaw(head.array());
      byte[] part = new byte[100_000];
      java.util.Arrays.fill(part, (byte) 'x');
      for (int i = 0; i < 22; i++) {
        if (!page.sendRawUnlessClosed(part)) {
          break;
        }
      }
      assertThat(page.awaitCloseCode(WAIT)).as("Tyrus's buffer overflow").isEqualTo(1011);
    }
  }

  /** The next text frame but Engine.IO's pings, each answered with a pong as a client does. */
  private static String next(RawWebSocket page) throws IOException {
    String text = page.nextText(WAIT);
    while (text.equals("2")) {
      page.sendText("3");
      text = page.nextText(WAIT);
    }
    return text;
  }
}
