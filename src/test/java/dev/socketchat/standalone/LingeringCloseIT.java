package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.StandaloneProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clients that go on sending after the server closed them (flooding, an oversized frame): each still reads every
 * answer the server sent before its close frame, and the close frame, and the connection ends in order once the client
 * answers it. A close for an oversized frame, or for a Socket.IO packet that breaks the protocol, waits for the answers
 * still queued for a client that reads slowly. Before the lingering close, the server closed its socket right after its
 * close frame; what the client sent next was answered with a reset, and the client's kernel threw away everything the
 * client had not read yet.
 */
class LingeringCloseIT {
  private static final int BURST = 10;
  private static final int REFUSALS_TO_CLOSE = 20;
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  /** Well within the close timeout (5 s): an end this fast is the server answering the client's close frame. */
  private static final Duration CLOSING_HANDSHAKE = Duration.ofSeconds(3);
  private static final int PAGES_RIGHT_AFTER_CONNECT = 30;

  private static final byte[] UNKNOWN = "{\"type\":\"NOPE\"}".getBytes(StandardCharsets.UTF_8);
  private static final String CLOSED_FOR_PROTOCOL = "socketchat_connections_closed_total{cause=\"protocol\"}";
  private static final String CLOSED_BY_NETWORK = "socketchat_connections_closed_total{cause=\"network\"}";
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "lingering-close",
            Map.of(
                "socketchat.limits.requests-per-second", "1",
                "socketchat.limits.request-burst", Integer.toString(BURST),
                "socketchat.limits.refusals-to-close", Integer.toString(REFUSALS_TO_CLOSE)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aFlooderThatKeepsSendingAfterItsCloseStillReadsEveryRefusalAndThe1008() throws Exception {
    try (RawWebSocket flooder = RawWebSocket.open(server.chat(), 0)) {
      // just what it takes to be closed, in one go, then more frame by frame, as a busy client goes on
      RawWebSocket.Received received = sendThenReadWhileSending(flooder, frames(BURST + REFUSALS_TO_CLOSE, UNKNOWN));

      assertThat(received.closeCode()).isEqualTo(1008);
      List<String> refusals = received.texts().stream().filter(text -> text.contains("RATE_LIMITED")).toList();
      assertThat(refusals).hasSize(REFUSALS_TO_CLOSE);
      assertThat(received.texts().get(received.texts().size() - 1)).contains("RATE_LIMITED");
      flooder.sendClose(1008);
      assertThat(flooder.endsInOrder(CLOSING_HANDSHAKE)).isTrue();
    }
  }

  @Test
  void aClientWhoseFrameIsTooLargeStillReadsTheAnswersBeforeItAndThe1009() throws Exception {
    try (RawWebSocket client = RawWebSocket.open(server.chat(), 0)) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      bytes.write(frames(3, UNKNOWN));
      bytes.write(oversizedFrame(70_000));
      RawWebSocket.Received received = sendThenReadWhileSending(client, bytes.toByteArray());

      assertThat(received.closeCode()).isEqualTo(1009);
      assertThat(received.texts()).hasSize(3).allMatch(text -> text.contains("UNKNOWN_TYPE"));
      client.sendClose(1009);
      assertThat(client.endsInOrder(CLOSING_HANDSHAKE)).isTrue();
    }
  }

  @Test
  void aClientWhoseFrameIsTooLargeWhileItsAnswersStillWaitReadsThemAllBeforeThe1009() throws Exception {
    try (RawWebSocket client = RawWebSocket.open(server.chat(), 4096)) {
      sendAnOversizedFrameWhileAnswersWait(client);

      RawWebSocket.Received received = client.readUntilClose(PATIENCE);

      assertThat(received.closeCode()).isEqualTo(1009);
      assertThat(received.texts()).hasSize(3).allMatch(text -> text.contains("UNKNOWN_TYPE"));
      client.sendClose(1009);
      assertThat(client.endsInOrder(CLOSING_HANDSHAKE)).isTrue();
    }
  }

  @Test
  void aClientThatGoesWhileTheCloseForItsOversizedFrameWaitsIsCountedAsClosedForIt() throws Exception {
    Scrape before = Scrape.of(server);
    try (RawWebSocket client = RawWebSocket.open(server.chat(), 4096)) {
      sendAnOversizedFrameWhileAnswersWait(client);
      client.reset();
    }

    Map<String, Double> counted =
        Eventually.await(
            PATIENCE,
            () -> Scrape.of(server).since(before, CLOSED_FOR_PROTOCOL, CLOSED_BY_NETWORK),
            (Predicate<Map<String, Double>>) now -> now.get(CLOSED_FOR_PROTOCOL) + now.get(CLOSED_BY_NETWORK) == 1,
            "the server counting the connection closed");
    assertThat(counted.get(CLOSED_FOR_PROTOCOL)).as("closed for the oversized frame, not by the network").isOne();
  }

  @Test
  void aSocketIoPageWhosePacketBreaksTheProtocolWhileItsAnswersStillWaitReadsThemAllBeforeThe1002() throws Exception {
    try (RawWebSocket page = joinedSocketIoPage("broken-packet")) {
      ByteArrayOutputStream bytes = EngineIoSocket.ackedLinesBehindPongs(3);
      bytes.write(RawWebSocket.frame(0x81, "not an Engine.IO packet".getBytes(StandardCharsets.UTF_8)));
      // so much more that the server has read the broken packet, and closed for it, by the time the client wrote it all
      byte[] more = RawWebSocket.frame(0x81, new byte[64 << 10]);
      for (int i = 0; i < 64; i++) {
        bytes.write(more);
      }
      page.sendRawUnlessClosed(bytes.toByteArray());

      RawWebSocket.Received received = page.readUntilClose(PATIENCE);

      assertThat(received.closeCode()).isEqualTo(1002);
      assertThat(received.texts())
          .as("each line's message and acknowledgement, then the close")
          .filteredOn(text -> text.startsWith("43"))
          .containsExactly("431[{\"status\":true}]", "432[{\"status\":true}]", "433[{\"status\":true}]");
      assertThat(received.texts()).filteredOn(text -> text.startsWith("42[\"chatting\"")).hasSize(3);
      page.sendClose(1002);
      assertThat(page.endsInOrder(CLOSING_HANDSHAKE)).isTrue();
    }
  }

  @Test
  void socketIoPagesWhosePacketBreaksTheProtocolRightAfterTheirConnectReadTheAnswersBeforeThe1002() throws Exception {
    everyPageReadsTheAnswersBeforeItsClose(RawWebSocket.frame(0x81, "garbage".getBytes(StandardCharsets.UTF_8)), 1002);
  }

  @Test
  void socketIoPagesWhoseFrameIsTooLargeRightAfterTheirConnectReadTheAnswersBeforeThe1009() throws Exception {
    everyPageReadsTheAnswersBeforeItsClose(RawWebSocket.headerOnly(0x81, 2_000_000), 1009);
  }

  @Test
  void socketIoPagesWhoseFrameIsUnmaskedRightAfterTheirConnectReadTheAnswersBeforeThe1002() throws Exception {
    everyPageReadsTheAnswersBeforeItsClose(new byte[] {(byte) 0x81, 0x01, 'x'}, 1002);
  }

  /**
   * Pages that send a CONNECT, a join and a chat line, and then {@code breaking}, in one write: the last three come
   * within the moment the server holds what follows a CONNECT's answer. Many, so that most come once the server's code
   * is compiled and reads them all within that moment.
   */
  private static void everyPageReadsTheAnswersBeforeItsClose(byte[] breaking, int closeCode) throws IOException {
    for (int page = 0; page < PAGES_RIGHT_AFTER_CONNECT; page++) {
      RawWebSocket.Received received = connectThenBreakTheProtocol("quick" + page, breaking);

      assertThat(received.closeCode()).as("page %d: %s", page, received).isEqualTo(closeCode);
      assertThat(received.texts()).as("page %d", page).first(STRING).startsWith("40{");
      assertThat(received.texts())
          .as("page %d", page)
          .filteredOn(text -> text.startsWith("43"))
          .containsExactly("430[{\"status\":true}]", "431[{\"status\":true}]");
    }
  }

  /** Sends a CONNECT, a join, a chat line and {@code breaking} in one write; reads until the close. */
  private static RawWebSocket.Received connectThenBreakTheProtocol(String name, byte[] breaking) throws IOException {
    String query = "?EIO=4&transport=websocket&name=" + name + "&room=right-after-connect";
    try (RawWebSocket page = RawWebSocket.open(server.socketIoOrigin().resolve(server.socketIoPath() + query), 0)) {
      assertThat(page.nextText(PATIENCE)).startsWith("0{");
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (String text : List.of("40", "420[\"join_room\",{\"type\":1}]", "421[\"chatting\",\"x\"]")) {
        bytes.writeBytes(RawWebSocket.frame(0x81, text.getBytes(StandardCharsets.UTF_8)));
      }
      bytes.writeBytes(breaking);
      page.sendRaw(bytes.toByteArray());
      return page.readUntilClose(PATIENCE);
    }
  }

  /** A Socket.IO page over a WebSocket with a small receive buffer, connected to the namespace, in {@code room}. */
  private static RawWebSocket joinedSocketIoPage(String room) throws IOException {
    String query = "?EIO=4&transport=websocket&name=page&room=" + room;
    RawWebSocket page = RawWebSocket.open(server.socketIoOrigin().resolve(server.socketIoPath() + query), 4096);
    assertThat(page.nextText(PATIENCE)).startsWith("0{");
    page.sendText("40");
    assertThat(page.nextText(PATIENCE)).startsWith("40{");
    page.sendText("420[\"join_room\",{\"type\":1}]");
    assertThat(page.nextText(PATIENCE)).isEqualTo("430[{\"status\":true}]");
    return page;
  }

  /**
   * Sends pings, three frames the server answers, then a frame over the limit, reading nothing: the pongs fill the
   * socket's buffers, so the first answer's write waits behind them and the next two wait in the outbox when the
   * server refuses the oversized frame.
   */
  private static void sendAnOversizedFrameWhileAnswersWait(RawWebSocket client) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(RawWebSocket.pingsPastTheBuffers());
    bytes.write(frames(3, UNKNOWN));
    // so long that the server has read its header, and refused it, by the time the client has written it all
    bytes.write(oversizedFrame(4 << 20));
    client.sendRawUnlessClosed(bytes.toByteArray());
  }

  /**
   * Sends {@code bytes}, then reads until the server's close frame while another thread goes on sending frames, as a
   * client that does not know it is being closed would.
   */
  private static RawWebSocket.Received sendThenReadWhileSending(RawWebSocket client, byte[] bytes) throws Exception {
    client.sendRawUnlessClosed(bytes); // a reset shows in what the client reads next
    KeepSending goingOn = new KeepSending(client);
    try {
      return client.readUntilClose(PATIENCE);
    } finally {
      goingOn.stop();
    }
  }

  /**
   * Goes on sending frames, one write each, on another thread while the test reads, until it is stopped or a write
   * fails (the server's reset having come back).
   */
  private static final class KeepSending {
    private final AtomicBoolean stop = new AtomicBoolean();
    private final CompletableFuture<Void> sending;

    KeepSending(RawWebSocket client) {
      byte[] frame = frames(1, UNKNOWN);
      sending =
          CompletableFuture.runAsync(
              () -> {
                while (!stop.get()) {
                  try {
                    client.sendRaw(frame);
                  } catch (IOException reset) {
                    return;
                  }
                }
              });
    }

    /** Stops sending, once the frame being written is out. */
    void stop() throws Exception {
      stop.set(true);
      sending.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** {@code count} masked text frames carrying {@code payload} (at most 125 bytes). */
  private static byte[] frames(int count, byte[] payload) {
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    // a zero mask leaves the payload as it is
    System.arraycopy(payload, 0, frame, 6, payload.length);
    ByteArrayOutputStream all = new ByteArrayOutputStream(count * frame.length);
    for (int i = 0; i < count; i++) {
      all.writeBytes(frame);
    }
    return all.toByteArray();
  }

  /** A masked text frame of {@code length} spaces: larger than {@code /chat} takes (64 KiB). */
  private static byte[] oversizedFrame(int length) {
    byte[] frame = new byte[14 + length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | 127);
    for (int i = 0; i < 8; i++) {
      frame[2 + i] = (byte) (length >>> (8 * (7 - i)));
    }
    java.util.Arrays.fill(frame, 14, frame.length, (byte) ' ');
    return frame;
  }
}
