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
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A bare Engine.IO WebSocket on the JDK's client, for tests that speak the wire protocol themselves (malformed
 * packets, peers that stop answering pings). Pings are answered or ignored as asked, and never handed to the test.
 */
public final class EngineIoSocket implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final WebSocket socket;
  private final FrameQueue frames;
  private final InTurn sends;
  private final JsonObject handshake;

  /** Sends one frame after another: the JDK's WebSocket fails a send made while another is pending. */
  private static final class InTurn {
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

    synchronized CompletableFuture<?> send(Supplier<CompletableFuture<WebSocket>> send) {
      CompletableFuture<?> next = last.handle((done, failed) -> null).thenCompose(previous -> send.get());
      last = next;
      return next;
    }
  }

  private EngineIoSocket(WebSocket socket, FrameQueue frames, InTurn sends) {
    this.socket = socket;
    this.frames = frames;
    this.sends = sends;
    String open = take(WAIT);
    assertThat(open).as("the Engine.IO open packet").isNotNull().startsWith("0{");
    this.handshake = Json.createReader(new StringReader(open.substring(1))).readObject();
  }

  /** Opens a WebSocket session with the given extra query ({@code name=a&room=b}, or empty). */
  public static EngineIoSocket open(ServerUnderTest server, String query, boolean answerPings) {
    return open(URI.create(Handshakes.socketIo(server) + (query.isEmpty() ? "" : "&" + query)), answerPings);
  }

  /** Opens a WebSocket session at the given Engine.IO URI (through a relay, say), query included. */
  public static EngineIoSocket open(URI uri, boolean answerPings) {
    InTurn sends = new InTurn();
    FrameQueue frames =
        new FrameQueue(
            (webSocket, frame) -> {
              if (!frame.equals("2")) {
                return true;
              }
              if (answerPings) {
                var unused = sends.send(() -> webSocket.sendText("3", true)); // a failed one shows as a missed pong
              }
              return false;
            });
    WebSocket socket = HTTP.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(uri, frames).join();
    return new EngineIoSocket(socket, frames, sends);
  }

  /** The open packet's JSON ({@code sid}, {@code upgrades}, {@code pingInterval}, ...). */
  public JsonObject handshake() {
    return handshake;
  }

  public EngineIoSocket send(String text) {
    sends.send(() -> socket.sendText(text, true)).join();
    return this;
  }

  public EngineIoSocket sendBinary(byte[] bytes) {
    sends.send(() -> socket.sendBinary(ByteBuffer.wrap(bytes), true)).join();
    return this;
  }

  /** The next frame that is not a ping; fails the test if none arrives in time. */
  public String next() {
    String frame = take(WAIT);
    assertThat(frame).as("a frame within %s", WAIT).isNotNull();
    return frame;
  }

  /** Emits an event with an ack id and returns its ack, passing over the room's events meanwhile. */
  public String ack(int id, String event) {
    send("42" + id + event);
    for (int i = 0; i < 100; i++) {
      String frame = next();
      if (frame.startsWith("43" + id + "[")) {
        return frame;
      }
      assertThat(frame).as("an event of the room").startsWith("42[");
    }
    throw new AssertionError("no ack " + id);
  }

  /** Connects to the default namespace and returns the CONNECT answer ({@code 40{...}} or {@code 44{...}}). */
  public String connectNamespace() {
    send("40");
    return next();
  }

  /** The private id of a CONNECT answer ({@code 40{"sid":…,"pid":…}}), for a recovery. */
  public static String pidOf(String answer) {
    assertThat(answer).startsWith("40{");
    return Json.createReader(new StringReader(answer.substring(2))).readObject().getString("pid");
  }

  /** The offset a broadcast carries as its last argument ({@code 42["chatting",{…},"17"]}). */
  public static String offsetOf(String broadcast) {
    assertThat(broadcast).startsWith("42[").endsWith("\"]");
    return broadcast.substring(broadcast.lastIndexOf(",\"") + 2, broadcast.length() - 2);
  }

  /**
   * Raw frames for a page that reads nothing: {@link RawWebSocket#pingsPastTheBuffers()}, then {@code count}
   * {@code chatting} lines acknowledged as 1, 2, …, whose answers wait behind the pongs.
   */
  public static java.io.ByteArrayOutputStream ackedLinesBehindPongs(int count) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    bytes.writeBytes(RawWebSocket.pingsPastTheBuffers());
    for (int ack = 1; ack <= count; ack++) {
      String line = "42" + ack + "[\"chatting\",\"line " + ack + "\"]";
      bytes.writeBytes(RawWebSocket.frame(0x81, line.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
    return bytes;
  }

  /** Completes with the close code the server sent. */
  public CompletableFuture<Integer> closed() {
    return frames.closed();
  }

  @Override
  public void close() {
    frames.close(socket, WAIT);
  }

  /** Closes with {@code code} (1001: a page that goes away) and waits for the server's close. */
  public void close(int code) {
    frames.close(socket, code, WAIT);
  }

  private String take(Duration within) {
    return frames.poll(within);
  }
}
