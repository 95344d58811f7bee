package dev.socketchat.standalone;

import static dev.socketchat.testing.Requests.chat;
import static dev.socketchat.testing.Requests.join;
import static dev.socketchat.testing.Requests.list;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ChatClient;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.PingFlood;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the standalone runner does with clients that hold its memory or its sockets: frames announced too large or
 * unmasked, readers that take nothing, HTTP connections that stay idle or never finish their request header.
 */
class ConnectionLimitsIT {
  private static final String SLOW_READER = "socketchat_connections_closed_total{cause=\"slow_reader\"}";
  private static final String BY_CLIENT = "socketchat_connections_closed_total{cause=\"client\"}";
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(1);
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start(
        "standalone-connection-limits",
        Map.of(
            // no pings while a test waits on an idle WebSocket, and a reader that stops is not dropped for silence
            "socketchat.heartbeat.interval", "30000",
            "socketchat.heartbeat.timeout", "60000",
            "socketchat.http.idle-timeout", "1000",
            "socketchat.outbox.stall-timeout", "1500",
            "socketchat.websocket.close-timeout", Long.toString(CLOSE_TIMEOUT.toMillis()),
            "socketchat.limits.messages-per-second", "0"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  /** A masked frame header announcing {@code length} payload bytes, in the 64-bit length form. */
  private static byte[] header(int finAndOpcode, long length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(finAndOpcode);
    out.write(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (length >>> shift));
    }
    out.writeBytes(new byte[] {1, 2, 3, 4});
    return out.toByteArray();
  }

  private static URI socketIo() {
    URI base = server.base();
    return URI.create("ws://" + base.getHost() + ":" + base.getPort() + "/socket.io/?EIO=4&transport=websocket");
  }

  @Test
  void framesAnnouncingMoreThanTheLimitAreClosedWith1009BeforeTheirPayloadArrives() throws Exception {
    List<RawWebSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 40; i++) {
        RawWebSocket socket = RawWebSocket.open(i % 2 == 0 ? server.chat() : socketIo(), 0);
        sockets.add(socket);
        // /chat takes 64 KiB, /socket.io/ its max-payload (1 MB): 4,100,000 is over both; only a trickle follows
        socket.sendRaw(header(0x81, 4_100_000));
        socket.sendRaw(new byte[1000]);
      }
      for (RawWebSocket socket : sockets) {
        assertThat(socket.awaitCloseCode(Duration.ofSeconds(10)))
            .as("the close code, while 1,000 of 4,100,000 announced bytes were sent")
            .isEqualTo(1009);
      }
    } finally {
      for (RawWebSocket socket : sockets) {
        socket.close();
      }
    }
  }

  @Test
  void aFragmentedMessageAnnouncingMoreThanSixtyFourKibibytesInAllIsClosedWith1009() throws Exception {
    try (RawWebSocket socket = RawWebSocket.open(server.chat(), 0)) {
      socket.sendRaw(header(0x01, 40_000));
      socket.sendRaw(new byte[40_000]);
      socket.sendRaw(header(0x80, 30_000));
      assertThat(socket.awaitCloseCode(Duration.ofSeconds(10))).isEqualTo(1009);
    }
  }

  @Test
  void anUnmaskedClientFrameIsClosedWith1002() throws Exception {
    try (ChatClient other = ChatClient.connect(server).as("other");
        RawWebSocket socket = RawWebSocket.open(server.chat(), 0)) {
      byte[] text = "{\"type\":\"CLIENT_ROOM_LIST\"}".getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      frame.write(0x81);
      frame.write(text.length);
      frame.writeBytes(text);
      socket.sendRaw(frame.toByteArray());
      assertThat(socket.awaitCloseCode(Duration.ofSeconds(10))).isEqualTo(1002);
      other.expectNothingElse();
    }
  }

  @Test
  void aReaderThatTakesNothingIsDroppedAfterTheStallTimeoutAndItsSocketAborted() throws Exception {
    try (ChatClient owner = ChatClient.connect(server).as("owner");
        RawWebSocket stalled = RawWebSocket.open(server.chat(), 0)) {
      int room = owner.createRoom("stall");
      stalled.sendText(join(room, "stalled").toString());
      assertThat(owner.expectOk("SERVER_ROOM_JOIN").getString("nickName")).isEqualTo("stalled");
      String text = "가".repeat(128);
      // the member reads for a while (its receive buffer grows as it does), then stops
      for (int i = 0; i < 300; i++) {
        owner.send(chat(room, "owner", text));
      }
      stalled.skipFrames(1 + 300, Duration.ofSeconds(10));
      owner.take(300, Duration.ofSeconds(10));
      // about 650,000 characters: more than the socket buffers hold, less than the outbox limit (1 MiB), so only
      // the stall timeout can drop the stalled member
      int sent = 3000;
      for (int i = 0; i < sent; i++) {
        owner.send(chat(room, "owner", text));
      }
      boolean dropped = false;
      while (!dropped) {
        JsonObject frame = owner.next(Duration.ofSeconds(15));
        if (!frame.getString("type").equals("SERVER_CHAT_SEND")) {
          assertThat(frame.getString("type")).isEqualTo("SERVER_ROOM_EXIT");
          assertThat(frame.getString("nickName")).isEqualTo("stalled");
          dropped = true;
        }
      }
      Eventually.await(
          CLOSE_TIMEOUT.plusSeconds(5),
          stalled::serverHasClosed,
          closed -> closed,
          "the server to abort the TCP connection of the reader it closed with 1013");
    }
  }

  @Test
  void aClientThatPingsButNeverReadsIsClosedBeforeThePongsPileUpAndTheOthersCarryOn() throws Exception {
    Status.awaitZero(server, "connections"); // the other tests' ends are counted
    Scrape before = Scrape.of(server);
    try (ChatClient other = ChatClient.connect(server).as("other");
        RawWebSocket pinger = RawWebSocket.open(server.chat(), 4096)) {
      // 200 batches would queue about 25 MB of pongs; the server must give up on the reader instead
      boolean reset = PingFlood.untilCut(pinger, 200) < 200;
      if (!reset) {
        // the server reads (and drops) what follows its close until the close timeout aborts the socket
        Eventually.await(
            CLOSE_TIMEOUT.plusSeconds(5), pinger::serverHasClosed, closed -> closed, "the server to drop the pinger");
      }
      other.send(list());
      assertThat(other.expectOk("SERVER_ROOM_LIST")).isNotNull();
      Eventually.await(
          Duration.ofSeconds(10),
          () -> Scrape.of(server).since(before, SLOW_READER, BY_CLIENT),
          (Predicate<Map<String, Double>>) grown -> grown.get(SLOW_READER) == 1,
          "the pinger's end counted as a slow reader's");
      assertThat(Scrape.of(server).since(before, BY_CLIENT)).containsEntry(BY_CLIENT, 0.0);
    }
  }

  @Test
  void anIdleKeepAliveHttpConnectionIsClosedAfterTheIdleTimeout() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write(
          "GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      long sent = System.nanoTime();
      String everything = readUntilClosed(socket);
      assertThat(everything).startsWith("HTTP/1.1 200");
      assertThat(Duration.ofNanos(System.nanoTime() - sent))
          .as("kept alive for a while after the response")
          .isGreaterThan(Duration.ofMillis(500));
    }
  }

  @Test
  void aConnectionThatNeverFinishesItsRequestHeaderIsClosed() throws Exception {
    try (Socket socket = connect()) {
      socket.getOutputStream().write("GET /status HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
      assertThat(readUntilClosed(socket)).as("no response to half a header").isEmpty();
    }
  }

  @Test
  void aWebSocketIdleLongerThanTheHttpIdleTimeoutStaysOpen() {
    try (ChatClient client = ChatClient.connect(server).as("idle")) {
      client.expectNothingElse();
      // silence on both sides for three times the HTTP idle timeout (no pings: the heartbeat is 30 s here)
      assertThat(client.take(1, Duration.ofSeconds(3))).isEmpty();
      assertThat(client.closed()).isNotDone();
      client.expectNothingElse();
    }
  }

  private static Socket connect() throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(server.base().getHost(), server.port()), 10_000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  /** Everything the server sends until it closes the connection; fails if it keeps it open for ten seconds. */
  private static String readUntilClosed(Socket socket) throws IOException {
    InputStream in = socket.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
  }
}
