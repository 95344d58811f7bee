package dev.socketchat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A bare Engine.IO WebSocket on the JDK's client, for tests that speak the wire protocol themselves (malformed
 * packets, peers that stop answering pings). Pings are answered or ignored as asked, and never handed to the test.
 */
public final class EngineIoSocket implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final WebSocket socket;
  private final BlockingQueue<String> frames;
  private final CompletableFuture<Integer> closeCode;
  private final JsonObject handshake;

  private EngineIoSocket(WebSocket socket, BlockingQueue<String> frames, CompletableFuture<Integer> closeCode) {
    this.socket = socket;
    this.frames = frames;
    this.closeCode = closeCode;
    String open = take(WAIT);
    assertThat(open).as("the Engine.IO open packet").isNotNull().startsWith("0{");
    this.handshake = Json.createReader(new StringReader(open.substring(1))).readObject();
  }

  /** Opens a WebSocket session with the given extra query ({@code name=a&room=b}, or empty). */
  public static EngineIoSocket open(ServerUnderTest server, String query, boolean answerPings) {
    URI origin = server.socketIoOrigin();
    URI uri =
        URI.create(origin.toString().replaceFirst("^http", "ws") + server.socketIoPath()
            + "?EIO=4&transport=websocket" + (query.isEmpty() ? "" : "&" + query));
    BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    WebSocket.Listener listener =
        new WebSocket.Listener() {
          private final StringBuilder partial = new StringBuilder();

          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
              String frame = partial.toString();
              partial.setLength(0);
              if (frame.equals("2")) {
                if (answerPings) {
                  webSocket.sendText("3", true);
                }
              } else {
                frames.add(frame);
              }
            }
            webSocket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            frames.add("<binary " + data.remaining() + " bytes>");
            webSocket.request(1);
            return null;
          }

          @Override
          public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
          }

          @Override
          public void onError(WebSocket webSocket, Throwable error) {
            closeCode.completeExceptionally(error);
          }
        };
    WebSocket socket = HTTP.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(uri, listener).join();
    return new EngineIoSocket(socket, frames, closeCode);
  }

  /** The open packet's JSON ({@code sid}, {@code upgrades}, {@code pingInterval}, ...). */
  public JsonObject handshake() {
    return handshake;
  }

  public EngineIoSocket send(String text) {
    socket.sendText(text, true).join();
    return this;
  }

  public EngineIoSocket sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    return this;
  }

  /** The next frame that is not a ping; fails the test if none arrives in time. */
  public String next() {
    String frame = take(WAIT);
    assertThat(frame).as("a frame within %s", WAIT).isNotNull();
    return frame;
  }

  /** Connects to the default namespace and returns the CONNECT answer ({@code 40{...}} or {@code 44{...}}). */
  public String connectNamespace() {
    send("40");
    return next();
  }

  /** Completes with the close code the server sent. */
  public CompletableFuture<Integer> closed() {
    return closeCode;
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed()) {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
    }
    try {
      closeCode.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      socket.abort();
    }
  }

  private String take(Duration within) {
    try {
      return frames.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
