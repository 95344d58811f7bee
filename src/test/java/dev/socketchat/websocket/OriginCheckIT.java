package dev.socketchat.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.StandaloneProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code socketchat.origins} set, pages from other origins cannot open a WebSocket to either endpoint (403), while
 * listed pages and clients that send no {@code Origin} (apps, servers) carry on.
 */
class OriginCheckIT {
  private static final String SITE = "https://www.example.com";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server = StandaloneProcess.start("origin-check", Map.of("socketchat.origins", SITE + ", http://localhost:3000"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void aPageFromAnotherOriginIsRefusedOnBothEndpoints() {
    assertThat(refusal(server.chat(), "https://evil.example")).isEqualTo(403);
    assertThat(refusal(socketIo(), "https://evil.example")).isEqualTo(403);
    assertThat(refusal(server.chat(), SITE + ".evil.example")).as("a look-alike origin").isEqualTo(403);
  }

  @Test
  void aListedPageAndAClientWithoutOriginAreServed() throws Exception {
    assertThat(firstText(server.chat(), SITE, "{\"type\":\"CLIENT_ROOM_LIST\"}"))
        .contains("\"type\":\"SERVER_ROOM_LIST\"")
        .contains("\"status\":true");
    assertThat(firstText(server.chat(), null, "{\"type\":\"CLIENT_ROOM_LIST\"}")).contains("SERVER_ROOM_LIST");
    assertThat(firstText(socketIo(), "http://localhost:3000", null)).startsWith("0{\"sid\":");
  }

  private static URI socketIo() {
    return URI.create(server.resolve("socket.io/?EIO=4&transport=websocket").toString().replaceFirst("^http", "ws"));
  }

  /** The HTTP status a WebSocket handshake with this Origin is refused with (0 if it is accepted). */
  private static int refusal(URI uri, String origin) {
    try {
      WebSocket socket = builder(origin).buildAsync(uri, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
      socket.abort();
      return 0;
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
      return ((WebSocketHandshakeException) e.getCause()).getResponse().statusCode();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** Opens a WebSocket with this Origin (none when null), sends a text if given, and returns the first text received. */
  private static String firstText(URI uri, String origin, String send) throws Exception {
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket socket =
        builder(origin)
            .buildAsync(
                uri,
                new WebSocket.Listener() {
                  private final StringBuilder text = new StringBuilder();

                  @Override
                  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    text.append(data);
                    if (last) {
                      first.complete(text.toString());
                    }
                    webSocket.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    try {
      if (send != null) {
        socket.sendText(send, true).get(10, TimeUnit.SECONDS);
      }
      return first.get(10, TimeUnit.SECONDS);
    } finally {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }
  }

  private static WebSocket.Builder builder(String origin) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    return origin == null ? builder : builder.header("Origin", origin);
  }
}
