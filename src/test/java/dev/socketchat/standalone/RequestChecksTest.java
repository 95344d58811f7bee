package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestChecksTest {
  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final String HTTP11 = "HTTP/1.1";

  @Test
  void requestLinesOfHttpOneAndTheirBeginningsPass() {
    for (String start :
        new String[] {
          "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
          "\r\nPOST /socket.io/?EIO=4 HTTP/1.0\n",
          "GET /caf\u00e9 HTTP/1.1\r\n",
          "OPTIONS * HTTP/1.1\r\n",
          "GE",
          "GET /socket.io/?EIO=4&tr",
          "GET / HTTP/1",
          "GET / HTTP/1.1",
          "GET / HTTP/1.1\r",
          ""
        }) {
      assertThat(RequestChecks.requestLineProblem(bytes(start))).as(start).isNull();
    }
  }

  @Test
  void linesThatCannotBeAnHttpOneRequestLineAreRefusedAsSoonAsTheyShow() {
    for (String start :
        new String[] {
          "GET /\r\n",
          "GET\r\n\r\n",
          "FOO\r\n\r\n",
          "\u0000\u0001\u0002\r\n",
          "\u0016\u0003\u0001\u0002\u0000",
          "GET  / HTTP/1.1\r\n",
          " GET / HTTP/1.1\r\n",
          "GET / HTTP/1.1 extra\r\n",
          "GET / SPDY/3\r\n",
          "GET / HTTP/x.1\r\n",
          "GET /a\u0000b HTTP/1.1\r\n",
          "G(ET / HTTP/1.1\r\n"
        }) {
      assertThat(RequestChecks.requestLineProblem(bytes(start))).as(start).isNotNull();
    }
  }

  @Test
  void anUpgradeToAnotherProtocolThanWebSocketIsFoundAtItsHeadersName() {
    String head =
        "POST /socket.io/?EIO=4 HTTP/1.1\r\nConnection: Upgrade, HTTP2-Settings\r\nupgrade: h2c\r\n"
            + "Content-Length: 2\r\n\r\n40";
    ByteBuffer bytes = ByteBuffer.wrap(("xx" + head).getBytes(StandardCharsets.US_ASCII)).position(2);
    assertThat(RequestChecks.foreignUpgradeAt(bytes)).isEqualTo(2 + head.indexOf("upgrade:"));
  }

  @Test
  void aWebSocketUpgradeAHeaderNotYetWholeAndTheBodyAreLeftAlone() {
    assertThat(at("GET /chat HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")).isEqualTo(-1);
    assertThat(at("GET /chat HTTP/1.1\r\nUpgrade: h2c, WebSocket\r\n\r\n")).isEqualTo(-1);
    assertThat(at("GET /status HTTP/1.1\r\nUpgrade: h2")).as("its value may go on").isEqualTo(-1);
    assertThat(at("POST /x HTTP/1.1\r\nContent-Length: 13\r\n\r\nUpgrade: h2c\r\n")).isEqualTo(-1);
    assertThat(at("GET /status HTTP/1.1\r\nX-Upgrade: h2c\r\n\r\n")).isEqualTo(-1);
  }

  private static int at(String head) {
    return RequestChecks.foreignUpgradeAt(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void theCheckReadsFromTheBuffersPositionAndLeavesItThere() {
    ByteBuffer buffer = bytes("xxGET / HTTP/1.1\r\n");
    buffer.position(2);
    assertThat(RequestChecks.requestLineProblem(buffer)).isNull();
    assertThat(buffer.position()).isEqualTo(2);
  }

  private static ByteBuffer bytes(String text) {
    return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void ordinaryPathsPass() {
    assertThat(RequestChecks.pathProblem("/")).isNull();
    assertThat(RequestChecks.pathProblem("/socket.io/")).isNull();
    assertThat(RequestChecks.pathProblem("/caf%C3%A9.js")).isNull();
    assertThat(RequestChecks.pathProblem("/a..b/c.")).isNull();
    assertThat(RequestChecks.pathProblem("*")).as("OPTIONS *").isNull();
  }

  @Test
  void encodedSlashesNulDotSegmentsAndBrokenEscapesAreRefused() {
    assertThat(RequestChecks.pathProblem("/..%2f..")).isNotNull();
    assertThat(RequestChecks.pathProblem("/index.html%00.js")).isNotNull();
    assertThat(RequestChecks.pathProblem("/../etc/passwd")).isNotNull();
    assertThat(RequestChecks.pathProblem("/%2E%2e/x")).isNotNull();
    assertThat(RequestChecks.pathProblem("/a/./b")).isNotNull();
    assertThat(RequestChecks.pathProblem("/a%5cb")).isNotNull();
    assertThat(RequestChecks.pathProblem("/%zz")).isNotNull();
    assertThat(RequestChecks.pathProblem("/%c0%ae")).isNotNull();
    assertThat(RequestChecks.pathProblem("relative")).isNotNull();
  }

  @Test
  void aWebSocketHandshakeNeedsAnHttp11GetConnectionUpgradeAndASixteenByteKey() {
    assertThat(RequestChecks.handshakeProblem("GET", HTTP11, "keep-alive, Upgrade", KEY)).isNull();
    assertThat(RequestChecks.handshakeProblem("GET", HTTP11, "keep-alive,Upgrade", KEY)).as("two headers").isNull();
    assertThat(RequestChecks.handshakeProblem("POST", HTTP11, "Upgrade", KEY)).contains("GET");
    assertThat(RequestChecks.handshakeProblem("GET", "HTTP/1.0", "Upgrade", KEY)).contains("HTTP/1.1");
    assertThat(RequestChecks.handshakeProblem("GET", HTTP11, "", KEY)).contains("Connection");
    assertThat(RequestChecks.handshakeProblem("GET", HTTP11, "keep-alive", KEY)).contains("Connection");
    assertThat(RequestChecks.handshakeProblem("GET", HTTP11, "Upgrade", null)).contains("Sec-WebSocket-Key");
    assertThat(RequestChecks.handshakeProblem("GET", HTTP11, "Upgrade", "abc")).contains("16 bytes");
    assertThat(RequestChecks.handshakeProblem("GET", HTTP11, "Upgrade", KEY + "," + KEY))
        .as("two headers")
        .contains("one Sec-WebSocket-Key");
    assertThat(RequestChecks.handshakeProblem("GET", HTTP11, "Upgrade", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA"))
        .contains("16 bytes");
  }

  @Test
  void version13IsTheOnlyWebSocketVersionServed() {
    assertThat(RequestChecks.knownVersion("13")).isTrue();
    assertThat(RequestChecks.knownVersion(" 13 ")).isTrue();
    assertThat(RequestChecks.knownVersion("8")).isFalse();
    assertThat(RequestChecks.knownVersion("13, 8")).isFalse();
    assertThat(RequestChecks.knownVersion("13,13")).as("two headers of 13").isFalse();
    assertThat(RequestChecks.knownVersion("")).as("no header").isFalse();
    assertThat(RequestChecks.knownVersion(null)).isFalse();
  }

  @Test
  void onlyAnUpgradeToWebSocketIsAHandshake() {
    assertThat(RequestChecks.asksForWebSocket("WebSocket")).isTrue();
    assertThat(RequestChecks.asksForWebSocket("h2c")).isFalse();
    assertThat(RequestChecks.asksForWebSocket(null)).isFalse();
  }
}
