package dev.socketchat.standalone;

import static dev.socketchat.testing.RawHttp.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.RawHttp;
import dev.socketchat.testing.StandaloneProcess;
import jakarta.json.Json;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every refusal the standalone runner answers with a JSON body says {@code Content-Type: application/json}: those its
 * filters write before Tyrus would upgrade (401 for a refused {@code access_token}, 429 for an address with all its
 * connections) as well as those its servlets write (429, 400).
 */
class JsonRefusalsIT {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final String[] UPGRADE = {
    "Upgrade: websocket",
    "Connection: Upgrade",
    "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
    "Sec-WebSocket-Version: 13"
  };
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "json-refusals",
            Map.of(
                "socketchat.auth.mode", "required",
                "socketchat.auth.hmac-secret", "a-secret-of-at-least-thirty-two-bytes!",
                "socketchat.limits.connections-per-address", "1"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void aHandshakeWithARefusedTokenIsAnswered401AsJson() throws IOException {
    RawHttp.Response refused = answer(request("GET", "/chat?access_token=not-a-token", null, UPGRADE));
    assertThat(refused.status()).isEqualTo(401);
    assertJson(refused, "BAD_TOKEN");
  }

  @Test
  void handshakesFromAnAddressWithAllItsConnectionsAreAnswered429AsJson() throws IOException {
    try (RawHttp holder = RawHttp.connect(server, PATIENCE)) {
      String open =
          holder.send(request("GET", "/socket.io/?EIO=4&transport=polling&name=holder", null)).next().body();
      String sid = Json.createReader(new StringReader(open.substring(1))).readObject().getString("sid");
      try {
        for (String handshake :
            new String[] {
              request("GET", "/chat", null, UPGRADE),
              request("GET", "/socket.io/?EIO=4&transport=websocket&name=other", null, UPGRADE),
              request("GET", "/socket.io/?EIO=4&transport=polling&name=other", null)
            }) {
          RawHttp.Response refused = answer(handshake);
          assertThat(refused.statusLine()).as(handshake).isEqualTo("HTTP/1.1 429 Too Many Requests");
          assertJson(refused, "TOO_MANY_CONNECTIONS");
        }
      } finally {
        String close = "/socket.io/?EIO=4&transport=polling&sid=" + sid;
        holder.send(request("POST", close, "1", "Content-Type: text/plain;charset=UTF-8")).next();
      }
    }
  }

  @Test
  void aPollingRequestForAnUnknownSessionIsAnswered400AsJson() throws IOException {
    RawHttp.Response refused = answer(request("GET", "/socket.io/?EIO=4&transport=polling&sid=nobody", null));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.header("Content-Type")).isEqualTo("application/json");
    assertThat(Json.createReader(new StringReader(refused.body())).readObject().getString("message"))
        .isEqualTo("Session ID unknown");
  }

  private static void assertJson(RawHttp.Response refused, String reason) {
    assertThat(refused.header("Content-Type")).as(refused.statusLine()).isEqualTo("application/json");
    assertThat(Json.createReader(new StringReader(refused.body())).readObject().getString("reason"))
        .as(refused.statusLine())
        .isEqualTo(reason);
  }

  private static RawHttp.Response answer(String request) throws IOException {
    try (RawHttp http = RawHttp.connect(server, PATIENCE)) {
      return http.send(request).next();
    }
  }
}
