package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RequestChecksTest {
  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

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
  void aWebSocketHandshakeNeedsGetConnectionUpgradeAndASixteenByteKey() {
    assertThat(RequestChecks.handshakeProblem("GET", "keep-alive, Upgrade", KEY)).isNull();
    assertThat(RequestChecks.handshakeProblem("POST", "Upgrade", KEY)).contains("GET");
    assertThat(RequestChecks.handshakeProblem("GET", null, KEY)).contains("Connection");
    assertThat(RequestChecks.handshakeProblem("GET", "keep-alive", KEY)).contains("Connection");
    assertThat(RequestChecks.handshakeProblem("GET", "Upgrade", null)).contains("Sec-WebSocket-Key");
    assertThat(RequestChecks.handshakeProblem("GET", "Upgrade", "abc")).contains("16 bytes");
    assertThat(RequestChecks.handshakeProblem("GET", "Upgrade", "AAAAAAAAAAAAAAAAAAAAAAAAAAAA")).contains("16 bytes");
  }

  @Test
  void onlyAnUpgradeToWebSocketIsAHandshake() {
    assertThat(RequestChecks.asksForWebSocket("WebSocket")).isTrue();
    assertThat(RequestChecks.asksForWebSocket("h2c")).isFalse();
    assertThat(RequestChecks.asksForWebSocket(null)).isFalse();
  }
}
