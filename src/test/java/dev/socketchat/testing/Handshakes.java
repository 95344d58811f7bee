package dev.socketchat.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Opens WebSocket handshakes as a page from a given origin would, and reports how the server answered. */
public final class Handshakes {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Handshakes() {}

  /** A WebSocket builder that sends this {@code Origin} header (none when null). */
  public static WebSocket.Builder from(String origin) {
    WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
    return origin == null ? builder : builder.header("Origin", origin);
  }

  /** The HTTP status the handshake got: 101 when the socket opened (it is then closed at once), else the refusal. */
  public static int status(URI uri, String origin) {
    try {
      WebSocket socket = from(origin).buildAsync(uri, new WebSocket.Listener() {}).get(10, TimeUnit.SECONDS);
      socket.abort();
      return 101;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof WebSocketHandshakeException refused) {
        return refused.getResponse().statusCode();
      }
      throw new AssertionError("handshake to " + uri + " failed without an HTTP answer", e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("no answer to the handshake to " + uri + " within 10 s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** The Socket.IO WebSocket address of a server ({@code ws://.../socket.io/?EIO=4&transport=websocket}). */
  /** The bytes of a WebSocket upgrade request for {@code /chat}, as a client writes them to a bare socket. */
  public static byte[] chatUpgradeRequest() {
    return String.join(
            "\r\n",
            "GET /chat HTTP/1.1",
            "Host: 127.0.0.1",
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version: 13",
            "",
            "")
        .getBytes(StandardCharsets.US_ASCII);
  }

  public static URI socketIo(ServerUnderTest server) {
    return URI.create(
        server.socketIoOrigin().toString().replaceFirst("^http", "ws")
            + server.socketIoPath()
            + "?EIO=4&transport=websocket");
  }
}
