package dev.socketchat.socketio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.ServerUnderTest;
import dev.socketchat.testing.SocketIoClient;
import dev.socketchat.testing.StandaloneProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Socket.IO contract against the standalone jar, with a short Engine.IO heartbeat and pages on another origin. */
class StandaloneSocketIoIT extends SocketIoContract {
  /** The other origin the chat pages are served from, allowed to poll. */
  private static final String PAGES = "https://pages.example";

  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "standalone-socketio",
            Map.of(
                "socketchat.socketio.ping-interval", "300",
                "socketchat.socketio.ping-timeout", "2000",
                "socketchat.socketio.connect-timeout", "5000",
                "socketchat.socketio.cors-origins", PAGES));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Override
  ServerUnderTest server() {
    return server;
  }

  @Test
  void aRoomKeyTooLongForAnEightKibHeadIsStillRefusedWithAConnectErrorAsNodeRefusesIt() throws Exception {
    // 1,000 Hangul syllables are 9,000 characters escaped: past the 8 KiB head Grizzly takes by default, within the
    // 16 KiB of Node's HTTP server, which answers them with Socket.IO's connect_error
    String room = "방".repeat(1000);
    for (String transport : new String[] {"websocket", "polling"}) {
      try (SocketIoClient page = SocketIoClient.open(server, "alice", room, transport)) {
        expectConnectError(page, "BAD_ROOM_KEY", "1 to 64");
      }
    }
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI tooLong =
        server.socketIoOrigin().resolve(server.socketIoPath() + "?EIO=4&transport=polling&room=" + "r".repeat(17_000));
    assertThat(http.send(HttpRequest.newBuilder(tooLong).build(), BodyHandlers.ofString()).statusCode()).isEqualTo(400);
  }

  @Test
  void pagesFromAnAllowedOriginMayPollAndOthersGetNoCorsHeaders() throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI handshake = server.socketIoOrigin().resolve(server.socketIoPath() + "?EIO=4&transport=polling");
    HttpResponse<String> allowed =
        http.send(HttpRequest.newBuilder(handshake).header("Origin", PAGES).build(), BodyHandlers.ofString());
    assertThat(allowed.statusCode()).isEqualTo(200);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).hasValue(PAGES);
    assertThat(allowed.headers().firstValue("Access-Control-Allow-Credentials")).hasValue("true");

    HttpResponse<String> preflight =
        http.send(
            HttpRequest.newBuilder(handshake)
                .header("Origin", PAGES)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build(),
            BodyHandlers.ofString());
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Methods")).hasValue("GET, POST");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers")).hasValue("content-type");

    HttpResponse<String> other =
        http.send(
            HttpRequest.newBuilder(handshake).header("Origin", "https://elsewhere.example").build(),
            BodyHandlers.ofString());
    assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }
}
