package dev.socketchat.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.AppServer;
import dev.socketchat.testing.DeployedServer;
import dev.socketchat.testing.RawWebSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * WildFly's Undertow (2.3.23) reads a whole text message before it checks its size, whatever limit it is given: a
 * frame announcing 32 MiB is closed with 1009 once a little over the limit of it has arrived, on both endpoints, and
 * not (as Undertow alone would) after all of it, or never while its sender holds back the rest. A frame whose 64-bit
 * length has its top bit set (RFC 6455 forbids it) is one Undertow never finishes reading: the connection answers
 * nothing after it until the heartbeat closes it, as README's WildFly notes say. The Socket.IO endpoint takes
 * messages of both kinds in parts and checks their size itself.
 */
class WildFlyOversizedMessageIT {
  /**
   * Engine.IO's default heartbeat, not the test servers' 2.3 s: the raw socket cannot answer a ping in the middle of a
   * frame, and on a busy machine the short heartbeat ended a Socket.IO connection (1000) before 1.2 MB had arrived.
   */
  @RegisterExtension
  static final DeployedServer SERVER =
      DeployedServer.on(
          AppServer.WILDFLY,
          Map.of("socketchat.socketio.ping-interval", "25000", "socketchat.socketio.ping-timeout", "20000"));

  private static final long ANNOUNCED = 32L << 20;
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int TEXT = 0x81;
  private static final int BINARY = 0x82;

  @Test
  void aChatFrameAnnouncingThirtyTwoMebibytesIsClosedWith1009WhenTwoHundredFiftySixKibibytesOfItHaveArrived()
      throws Exception {
    assertClosedWith1009After(SERVER.chat(), TEXT, 256 * 1024);
  }

  @Test
  void aBinaryChatFrameAnnouncingThirtyTwoMebibytesIsClosedWith1009WhenTwoHundredFiftySixKibibytesOfItHaveArrived()
      throws Exception {
    assertClosedWith1009After(SERVER.chat(), BINARY, 256 * 1024);
  }

  /**
   * Forty connections, one after another: when Undertow buffered the whole binary message itself, one in twenty to one
   * in five stopped being read (no close at all) once a little over the limit had arrived.
   */
  @Test
  void aBinarySocketIoFrameAnnouncingThirtyTwoMebibytesIsClosedWith1009WhenOnePointTwoMegabytesOfItHaveArrived()
      throws Exception {
    for (int connection = 0; connection < 40; connection++) {
      assertClosedWith1009After(socketIo(), BINARY, 1_200_000);
    }
  }

  @Test
  void aSocketIoFrameAnnouncingThirtyTwoMebibytesIsClosedWith1009WhenOnePointTwoMegabytesOfItHaveArrived()
      throws Exception {
    // the WAR's max-payload is 1,000,000 bytes
    assertClosedWith1009After(socketIo(), TEXT, 1_200_000);
  }

  @Test
  void aChatFrameWhoseLengthHasItsTopBitSetLeavesTheConnectionSilentUntilTheHeartbeatClosesIt() throws Exception {
    try (RawWebSocket socket = RawWebSocket.open(SERVER.chat(), 0)) {
      socket.sendRaw(header(TEXT, Long.MIN_VALUE + 5));
      socket.sendText("{\"type\":\"CLIENT_ROOM_LIST\",\"requestId\":\"after\"}");

      RawWebSocket.Received received = socket.readUntilClose(WAIT);
      assertThat(received.texts()).as("answers to the request sent after that frame").isEmpty();
      assertThat(received.closeCode()).as("the heartbeat's close (its timeout is 5 s here)").isEqualTo(1001);
    }
  }

  private static URI socketIo() {
    URI origin = SERVER.socketIoOrigin();
    return URI.create(origin.toString().replaceFirst("^http", "ws") + SERVER.socketIoPath()
        + "?EIO=4&transport=websocket");
  }

  /**
   * Sends the header of a final frame ({@code first}: its first byte, opcode included) announcing 32 MiB and {@code
   * sent} bytes of its payload, then only waits.
   */
  private static void assertClosedWith1009After(URI address, int first, int sent) throws IOException {
    try (RawWebSocket socket = RawWebSocket.open(address, 0)) {
      // the header and the payload in one write, as a client library sends them (Undertow's "newPosition > limit:
      // (19 > 14)" in the server's log is the top-bit test's frame: its length taken as 5, past the 14-byte header)
      byte[] header = header(first, ANNOUNCED);
      byte[] frame = Arrays.copyOf(header, header.length + sent); // masked with 1, 2, 3, 4: those bytes over and over
      // Undertow closes once a little over the limit has arrived, which may be while the rest is still being written
      socket.sendRawUnlessClosed(frame);

      assertThat(closeCodeWithin(socket))
          .as("the close code within %s, with %d of the %d announced bytes sent (0: none)", WAIT, sent, ANNOUNCED)
          .isEqualTo(1009);
    }
  }

  private static int closeCodeWithin(RawWebSocket socket) throws IOException {
    try {
      return socket.awaitCloseCode(WAIT);
    } catch (SocketTimeoutException nothing) {
      return 0;
    }
  }

  /** A masked frame's header announcing {@code length} bytes, with the mask 1, 2, 3, 4. */
  private static byte[] header(int first, long length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(first);
    out.write(0x80 | 127);
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (length >>> shift));
    }
    out.writeBytes(new byte[] {1, 2, 3, 4});
    return out.toByteArray();
  }
}
