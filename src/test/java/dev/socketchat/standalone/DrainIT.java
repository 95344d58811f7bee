package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.testing.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A draining runner (it restarts) sends every client that comes while it stops on to another node: a WebSocket that
 * opens is closed with 1012 as the ones the drain closed, a polling handshake is answered 503 {@code
 * DRAINING}. The server runs in this process, so the test holds it between its drain and its stop.
 */
class DrainIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static StandaloneServer server;
  private static String base;

  @BeforeAll
  static void startAndDrain() {
    server = StandaloneServer.start("127.0.0.1", FreePorts.take(1)[0]);
    base = "127.0.0.1:" + server.port();
    server.drain();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** The close code of a WebSocket opened to this path, once the server closes it (ten seconds at most). */
  private static int closeCodeOf(String path) throws Exception {
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket socket =
        HTTP.newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://" + base + path),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onClose(WebSocket webSocket, int code, String reason) {
                    closed.complete(code);
                    return null;
                  }

                  @Override
                  public void onError(WebSocket webSocket, Throwable error) {
                    closed.completeExceptionally(error);
                  }
                })
            .get(10, TimeUnit.SECONDS);
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } finally {
      socket.abort();
    }
  }

  @Test
  void aChatConnectionOpenedWhileItDrainsIsClosedWith1012() throws Exception {
    assertThat(closeCodeOf("/chat")).as("service restart: come back").isEqualTo(1012);
  }

  @Test
  void aSocketIoWebSocketOpenedWhileItDrainsIsClosedWith1012() throws Exception {
    assertThat(closeCodeOf("/socket.io/?EIO=4&transport=websocket")).isEqualTo(1012);
  }

  @Test
  void aPollingHandshakeWhileItDrainsIsAnswered503Draining() throws Exception {
    HttpResponse<String> answer = get("/socket.io/?EIO=4&transport=polling");

    assertThat(answer.statusCode()).isEqualTo(503);
    assertThat(answer.body()).isEqualTo("{\"status\":false,\"reason\":\"DRAINING\"}");
  }

  @Test
  void itsReadinessSaysItIsNotToBeSentClients() throws Exception {
    assertThat(get("/health/ready").statusCode()).isEqualTo(503);
  }

  @Test
  void itsStatusSaysItDrainsWithItsCounts() throws Exception {
    HttpResponse<String> status = get("/status");

    assertThat(status.statusCode()).as("a health check on /status sends it no clients either").isEqualTo(503);
    assertThat(status.body())
        .startsWith("{\"status\":\"DRAINING\",\"connections\":")
        .endsWith(",\"rooms\":0,\"openRooms\":0,\"memberships\":0}");
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://" + base + path)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
