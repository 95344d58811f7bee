package dev.socketchat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@code /chat} client on the JDK's WebSocket, for tests: it keeps every frame it receives, in order, and lets a
 * test take them one at a time with a time limit.
 */
public final class ChatClient implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final WebSocket socket;
  private final FrameQueue frames;
  private String name;

  private ChatClient(WebSocket socket, FrameQueue frames) {
    this.socket = socket;
    this.frames = frames;
  }

  /** Opens a connection to the given {@code /chat} address. */
  public static ChatClient connect(URI chat) {
    FrameQueue frames = new FrameQueue();
    WebSocket socket = HTTP.newWebSocketBuilder().connectTimeout(WAIT).buildAsync(chat, frames).join();
    return new ChatClient(socket, frames);
  }

  /** Opens a connection to the server's {@code /chat} endpoint. */
  public static ChatClient connect(ServerUnderTest server) {
    return connect(server.chat());
  }

  /** The nickname this client uses in the request helpers below. */
  public ChatClient as(String nickname) {
    this.name = nickname;
    return this;
  }

  public String nickname() {
    return name;
  }

  /** Sends a text frame as it is. */
  public ChatClient send(String text) {
    socket.sendText(text, true).join();
    return this;
  }

  public ChatClient send(JsonObject request) {
    return send(request.toString());
  }

  public ChatClient sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    return this;
  }

  /** The next frame, parsed; fails the test if none arrives in time. */
  public JsonObject next() {
    return next(WAIT);
  }

  public JsonObject next(Duration within) {
    String frame = poll(within);
    assertThat(frame).as("a frame within %s", within).isNotNull();
    try (JsonReader reader = Json.createReader(new StringReader(frame))) {
      return reader.readObject();
    }
  }

  /** The next frame, which must have the given type. */
  public JsonObject expect(String type) {
    JsonObject frame = next();
    assertThat(frame.getString("type", null)).as("type of %s", frame).isEqualTo(type);
    return frame;
  }

  /** The next frame, which must be a success of the given type. */
  public JsonObject expectOk(String type) {
    JsonObject frame = expect(type);
    assertThat(frame.getBoolean("status")).as("status of %s", frame).isTrue();
    return frame;
  }

  /** The next frame, which must be a failure of the given type and reason. */
  public JsonObject expectRefusal(String type, String reason) {
    JsonObject frame = expect(type);
    assertThat(frame.getBoolean("status")).as("status of %s", frame).isFalse();
    assertThat(frame.getString("reason")).as("reason of %s", frame).isEqualTo(reason);
    assertThat(frame.getString("detail", "")).as("detail of %s", frame).isNotBlank();
    return frame;
  }

  /**
   * Proves nothing else was sent to this client before now: asks for the room list with a fresh requestId and
   * requires that reply to be the very next frame (the server answers each connection in order).
   */
  public void expectNothingElse() {
    String marker = UUID.randomUUID().toString();
    send(Requests.list(marker));
    JsonObject frame = next();
    assertThat(frame.getString("type", null) + " " + frame.getString("requestId", null))
        .as("the next frame after the expected ones: %s", frame)
        .isEqualTo("SERVER_ROOM_LIST " + marker);
  }

  /** Takes frames until {@code count} have arrived or the time is up; returns what arrived. */
  public List<JsonObject> take(int count, Duration within) {
    List<JsonObject> taken = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (taken.size() < count) {
      long left = deadline - System.nanoTime();
      String frame = left <= 0 ? null : poll(Duration.ofNanos(left));
      if (frame == null) {
        break;
      }
      try (JsonReader reader = Json.createReader(new StringReader(frame))) {
        taken.add(reader.readObject());
      }
    }
    return taken;
  }

  /**
   * Every frame not yet taken once the server's close has come, in order; fails the test if the close does not come
   * within the time given. Ends where the connection did, however many frames that is.
   */
  public List<JsonObject> untilClosed(Duration within) {
    try {
      frames.closed().get(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("no close within " + within, e);
    } catch (ExecutionException e) {
      throw new AssertionError("the connection broke without a close frame", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    // the listener queues every frame before it hears the close, so all of them are queued by now
    List<JsonObject> rest = new ArrayList<>();
    for (String frame = poll(Duration.ZERO); frame != null; frame = poll(Duration.ZERO)) {
      try (JsonReader reader = Json.createReader(new StringReader(frame))) {
        rest.add(reader.readObject());
      }
    }
    return rest;
  }

  /** Completes with the close code the server sent (or fails if the connection broke without one). */
  public CompletableFuture<Integer> closed() {
    return frames.closed();
  }

  /** Completes with the reason of the server's close frame (once {@link #closed()} completes). */
  public CompletableFuture<String> closeReason() {
    return frames.closeReason();
  }

  /** Creates a room as this client's nickname and returns its number. */
  public int createRoom(String roomName) {
    send(Requests.create(roomName, name));
    return expectOk("SERVER_ROOM_CREATE").getInt("roomID");
  }

  /** Joins a room and returns the joiner's reply. */
  public JsonObject join(int room) {
    send(Requests.join(room, name));
    return expectOk("SERVER_ROOM_JOIN");
  }

  /**
   * Says something in a room as this client's nickname and returns its own copy of the message; a cluster node that is
   * putting itself back in step with Redis refuses it UNAVAILABLE for a moment, and then it is said again.
   */
  public JsonObject say(int room, String message, Duration within) {
    JsonObject said =
        Eventually.await(
            within,
            () -> send(Requests.chat(room, name, message)).next(),
            reply -> reply.getBoolean("status", true) || !"UNAVAILABLE".equals(reply.getString("reason", "")),
            "a chat message answered otherwise than UNAVAILABLE");
    assertThat(said.getString("type", null)).as("type of %s", said).isEqualTo("SERVER_CHAT_SEND");
    assertThat(said.getBoolean("status")).as("status of %s", said).isTrue();
    assertThat(said.getString("message")).as("message of %s", said).isEqualTo(message);
    return said;
  }

  /** Aborts the connection without a closing handshake, as a crashed client would. */
  public void abort() {
    socket.abort();
  }

  @Override
  public void close() {
    frames.close(socket, WAIT);
  }

  /** Closes with a close frame of this code, and waits for the server's answer. */
  public void close(int code) {
    frames.close(socket, code, WAIT);
  }

  /** Closes with a close frame of this code and reason, and waits for the server's answer. */
  public void close(int code, String reason) {
    frames.close(socket, code, reason, WAIT);
  }

  private String poll(Duration within) {
    return frames.poll(within);
  }
}
