package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.StandaloneProcess;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A {@code max-payload} over the 4 MiB Tyrus buffers a frame in by default is honoured: a Socket.IO message of that
 * size sent as one frame is read whole and answered (Tyrus closed it with 1011 {@code Buffer overflow}), one byte
 * more is closed with 1009.
 */
class LargeMaxPayloadIT {
  private static final int MAX_PAYLOAD = 6_000_000;
  private static final Duration WAIT = Duration.ofSeconds(15);

  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "large-max-payload", Map.of("socketchat.socketio.max-payload", Integer.toString(MAX_PAYLOAD)));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void aTextMessageOfMaxPayloadInOneFrameIsReadWholeAndAnswered() throws IOException {
    try (RawWebSocket page = joined("text")) {
      String head = "427[\"chatting\",{\"msg\":\"";
      page.sendText(head + "x".repeat(MAX_PAYLOAD - head.length() - 3) + "\"}]");
      assertThat(page.nextText(WAIT))
          .as("refused by the chat's own limit, not closed")
          .startsWith("437[{\"status\":false");
      page.sendText("428[\"chatting\",\"and now a short one\"]");
      assertThat(page.nextText(WAIT)).startsWith("42[\"chatting\",{\"msg\":\"and now a short one\"");
      assertThat(page.nextText(WAIT)).isEqualTo("438[{\"status\":true}]");
    }
  }

  @Test
  void aBinaryAttachmentOfMaxPayloadInOneFrameIsReadWholeAndAnsweredAndOneByteMoreClosedWith1009()
      throws IOException {
    try (RawWebSocket page = joined("binary")) {
      page.sendText("451-7[\"chatting\",{\"_placeholder\":true,\"num\":0}]");
      // the next message right behind it, in the same write: Tyrus may read its start with the attachment's end
      byte[] attachment = RawWebSocket.frame(0x82, new byte[MAX_PAYLOAD]);
      byte[] next = RawWebSocket.frame(0x81, "428[\"chatting\",\"right behind it\"]".getBytes(StandardCharsets.UTF_8));
      byte[] both = Arrays.copyOf(attachment, attachment.length + next.length);
      System.arraycopy(next, 0, both, attachment.length, next.length);
      page.sendRaw(both);
      assertThat(page.nextText(WAIT)).startsWith("437[{\"status\":false,\"reason\":\"BINARY_NOT_SUPPORTED\"");
      assertThat(page.nextText(WAIT)).startsWith("42[\"chatting\",{\"msg\":\"right behind it\"");
      assertThat(page.nextText(WAIT)).isEqualTo("438[{\"status\":true}]");

      page.sendRawUnlessClosed(RawWebSocket.headerOnly(0x82, MAX_PAYLOAD + 1));
      assertThat(page.awaitCloseCode(WAIT)).isEqualTo(1009);
    }
  }

  private static RawWebSocket joined(String room) throws IOException {
    String query = "?EIO=4&transport=websocket&name=big&room=" + room;
    RawWebSocket page = RawWebSocket.open(server.socketIoOrigin().resolve(server.socketIoPath() + query), 0);
    assertThat(page.nextText(WAIT)).contains("\"maxPayload\":" + MAX_PAYLOAD);
    page.sendText("40");
    assertThat(page.nextText(WAIT)).startsWith("40{");
    page.sendText("421[\"join_room\",{\"type\":1}]");
    assertThat(page.nextText(WAIT)).isEqualTo("431[{\"status\":true}]");
    return page;
  }
}
