package dev.socketchat.websocket;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.join;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
        Socket stalled = new Socket()) {
      int room = owner.createRoom("flood");
      reader.join(room);
      owner.expectOk("SERVER_ROOM_JOIN");

      stalled.setReceiveBufferSize(4096);
      stalled.connect(new java.net.InetSocketAddress(server.base().getHost(), server.base().getPort()));
      OutputStream out = stalled.getOutputStream();
      out.write(("GET /chat HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      skipHandshake(stalled.getInputStream()); // a client may send frames only after the server's handshake
      out.write(masked(join(room, "stalled").toString()));
      out.flush();
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

  private static byte[] masked(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    byte[] mask = {0x12, 0x34, 0x56, 0x78};
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame;
  }

  private static void skipHandshake(InputStream in) throws java.io.IOException {
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.IOException("closed during handshake");
      }
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
  }
}
