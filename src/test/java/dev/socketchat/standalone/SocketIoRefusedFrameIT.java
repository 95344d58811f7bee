package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.EngineIoSocket;
import dev.socketchat.testing.Eventually;
import dev.socketchat.testing.RawWebSocket;
import dev.socketchat.testing.Scrape;
import dev.socketchat.testing.StandaloneProcess;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Socket.IO page whose frame the runner refuses for its size while answers still wait for it (its 1009 waits for
 * them) has its session ended at once for breaking the protocol: it is counted as closed for that, and cannot recover
 * its socket. Engine.IO's ping timeout, passing while the close waited, used to end the session first, as a loss.
 */
class SocketIoRefusedFrameIT {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  /** Engine.IO's ping interval and timeout: the session times out about two seconds after its last pong. */
  private static final int PING_MILLIS = 1_000;
  /** Well past the ping timeout: how long the close waits for a page that reads nothing. */
  private static final int STALL_MILLIS = 6_000;

  private static final Pattern CONNECT_ANSWER = Pattern.compile("40\\{\"sid\":\"([^\"]+)\",\"pid\":\"([^\"]+)\"}");
  private static final Pattern OFFSET = Pattern.compile(",\"([0-9]+)\"]$");
  private static final String CLOSED_FOR_PROTOCOL = "socketchat_connections_closed_total{cause=\"protocol\"}";
  private static final String CLOSED_FOR_HEARTBEAT = "socketchat_connections_closed_total{cause=\"heartbeat\"}";
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "socketio-refused-frame",
            Map.of(
                "socketchat.socketio.ping-interval", Integer.toString(PING_MILLIS),
                "socketchat.socketio.ping-timeout", Integer.toString(PING_MILLIS),
                "socketchat.outbox.stall-timeout", Integer.toString(STALL_MILLIS)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void aPageWhoseFrameIsTooLargeWhileItsAnswersWaitIsClosedWith1009AndCannotRecoverItsSocket() throws Exception {
    Scrape before = Scrape.of(server);
    Matcher connected;
    String offset;
    try (RawWebSocket page = RawWebSocket.open(pageAddress(), 4096)) {
      assertThat(page.nextText(PATIENCE)).startsWith("0{");
      page.sendText("40");
      connected = CONNECT_ANSWER.matcher(nextNotAPing(page));
      assertThat(connected.matches()).isTrue();
      page.sendText("420[\"join_room\",{\"type\":1}]");
      assertThat(nextNotAPing(page)).isEqualTo("430[{\"status\":true}]");
      page.sendText("42[\"chatting\",\"before\"]");
      Matcher said = OFFSET.matcher(nextNotAPing(page));
      assertThat(said.find()).isTrue();
      offset = said.group(1);

      page.sendRawUnlessClosed(answersWaitingThenATooLargeFrame());
      Map<String, Double> counted =
          Eventually.await(
              PATIENCE,
              () -> Scrape.of(server).since(before, CLOSED_FOR_PROTOCOL, CLOSED_FOR_HEARTBEAT),
              (Predicate<Map<String, Double>>)
                  now -> now.get(CLOSED_FOR_PROTOCOL) + now.get(CLOSED_FOR_HEARTBEAT) == 1,
              "the server closing the page");

      assertThat(counted.get(CLOSED_FOR_PROTOCOL)).as("closed for its frame").isOne();
      assertThat(page.readUntilClose(PATIENCE).closeCode()).isEqualTo(1009);
    }
    try (RawWebSocket again = RawWebSocket.open(pageAddress(), 0)) {
      assertThat(again.nextText(PATIENCE)).startsWith("0{");
      again.sendText("40{\"pid\":\"" + connected.group(2) + "\",\"offset\":\"" + offset + "\"}");
      Matcher answer = CONNECT_ANSWER.matcher(nextNotAPing(again));
      assertThat(answer.matches()).isTrue();
      assertThat(answer.group(1)).as("a new socket, not the one the 1009 ended").isNotEqualTo(connected.group(1));
    }
  }

  private static java.net.URI pageAddress() {
    String query = "?EIO=4&transport=websocket&name=big&room=refused";
    return server.socketIoOrigin().resolve(server.socketIoPath() + query);
  }

  /**
   * Pings whose pongs fill the socket's buffers (the page reads nothing), three chat lines whose answers wait behind
   * them, and the header of a frame announcing more than {@code max-payload}, which the runner refuses at once.
   */
  private static byte[] answersWaitingThenATooLargeFrame() {
    ByteArrayOutputStream bytes = EngineIoSocket.ackedLinesBehindPongs(3);
    bytes.writeBytes(RawWebSocket.headerOnly(0x81, 2_000_000));
    return bytes.toByteArray();
  }

  /** The next text, answering Engine.IO's pings on the way. */
  private static String nextNotAPing(RawWebSocket page) throws IOException {
    while (true) {
      String text = page.nextText(PATIENCE);
      if (!text.equals("2")) {
        return text;
      }
      page.sendText("3");
    }
  }
}
