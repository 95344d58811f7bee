package dev.socketchat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Manager;
import io.socket.client.Socket;
import io.socket.engineio.client.Transport;
import io.socket.engineio.parser.Packet;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.json.JSONException;
import org.json.JSONObject;

/**
 * A chat page on socket.io-client-java, for tests: connects with the seed pages' {@code query: {name, room}}, keeps
 * every {@code join_room}, {@code chatting} and {@code exit_room} it receives in order, and counts the Engine.IO
 * pings and messages each transport carried.
 */
public final class SocketIoClient implements AutoCloseable {
  public static final Duration WAIT = Duration.ofSeconds(10);
  private static final List<String> CHAT_EVENTS = List.of("join_room", "chatting", "exit_room");

  /** One event as received. */
  public record Received(String event, JSONObject body) {}

  private final Socket socket;
  private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> connected = new CompletableFuture<>();
  private final CompletableFuture<JSONObject> refused = new CompletableFuture<>();
  private final CompletableFuture<String> disconnected = new CompletableFuture<>();
  private final Map<String, AtomicInteger> messagesByTransport = new ConcurrentHashMap<>();
  private final AtomicInteger pings = new AtomicInteger();

  private SocketIoClient(ServerUnderTest server, String namespace, String query, String... transports) {
    this(server, namespace, query, null, transports);
  }

  private SocketIoClient(
      ServerUnderTest server, String namespace, String query, Map<String, String> auth, String... transports) {
    IO.Options options =
        IO.Options.builder()
            .setAuth(auth)
            .setPath(server.socketIoPath())
            .setTransports(transports)
            .setQuery(query.isEmpty() ? null : query)
            .setForceNew(true)
            .setReconnection(false)
            .setTimeout(WAIT.toMillis())
            .build();
    socket = IO.socket(server.socketIoOrigin().resolve(namespace), options);
    for (String event : CHAT_EVENTS) {
      socket.on(event, args -> events.add(new Received(event, (JSONObject) args[0])));
    }
    socket.on(Socket.EVENT_CONNECT, args -> connected.complete(null));
    socket.on(
        Socket.EVENT_CONNECT_ERROR,
        args -> {
          Object error = args.length > 0 ? args[0] : null;
          if (error instanceof JSONObject json) {
            refused.complete(json);
          } else {
            refused.completeExceptionally(new IllegalStateException("connect_error " + error));
          }
        });
    socket.on(Socket.EVENT_DISCONNECT, args -> disconnected.complete(args.length > 0 ? String.valueOf(args[0]) : ""));
    socket.io().on(Manager.EVENT_TRANSPORT, args -> watch((Transport) args[0]));
  }

  private void watch(Transport transport) {
    transport.on(
        Transport.EVENT_PACKET,
        args -> {
          Packet<?> packet = (Packet<?>) args[0];
          if (Packet.PING.equals(packet.type)) {
            pings.incrementAndGet();
          } else if (Packet.MESSAGE.equals(packet.type)) {
            messagesByTransport.computeIfAbsent(transport.name, name -> new AtomicInteger()).incrementAndGet();
          }
        });
  }

  /** Starts connecting a chat page with the given handshake query values (null leaves one out). */
  public static SocketIoClient open(ServerUnderTest server, String name, String room, String... transports) {
    return openWithAuth(server, name, room, null, transports);
  }

  /** Starts connecting a chat page that gives {@code auth} in its CONNECT packet (socket.io-client's {@code auth}). */
  public static SocketIoClient openWithAuth(
      ServerUnderTest server, String name, String room, Map<String, String> auth, String... transports) {
    StringBuilder query = new StringBuilder();
    if (name != null) {
      query.append("name=").append(URLEncoder.encode(name, StandardCharsets.UTF_8));
    }
    if (room != null) {
      query.append(query.length() > 0 ? "&" : "").append("room=");
      query.append(URLEncoder.encode(room, StandardCharsets.UTF_8));
    }
    SocketIoClient client = new SocketIoClient(server, "/", query.toString(), auth, transports);
    client.socket.connect();
    return client;
  }

  /** Starts connecting to another namespace, with no query. */
  public static SocketIoClient openNamespace(ServerUnderTest server, String namespace, String... transports) {
    SocketIoClient client = new SocketIoClient(server, namespace, "", transports);
    client.socket.connect();
    return client;
  }

  /** Waits until connected to the namespace; fails with the connect_error if refused. */
  public SocketIoClient awaitConnected() {
    CompletableFuture.anyOf(connected, refused).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    assertThat(refused).as("connect_error").isNotDone();
    return this;
  }

  /** Waits for the connect_error and returns it ({@code {message, data}}). */
  public JSONObject awaitRefusal() {
    CompletableFuture.anyOf(connected, refused).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
    assertThat(connected).as("connected despite a bad handshake").isNotDone();
    return refused.join();
  }

  /** Emits an event with one argument: an object, or a plain string as the PHP pages send a message. */
  public SocketIoClient emit(String event, Object argument) {
    socket.emit(event, argument);
    return this;
  }

  /** Emits an event with the given arguments and waits for its ack; returns the ack's first argument. */
  public Object emitWithAck(String event, Object... args) {
    return emitForAck(event, args).orTimeout(WAIT.toMillis(), TimeUnit.MILLISECONDS).join();
  }

  /** Emits an event with the given arguments without waiting: the future gets its ack's first argument. */
  public CompletableFuture<Object> emitForAck(String event, Object... args) {
    CompletableFuture<Object> answer = new CompletableFuture<>();
    socket.emit(event, args, (Ack) reply -> answer.complete(reply.length > 0 ? reply[0] : null));
    return answer;
  }

  /** Emits with an ack and expects a JSON object back. */
  public JSONObject ask(String event, Object... args) {
    Object answer = emitWithAck(event, args);
    assertThat(answer).as("ack of %s", event).isInstanceOf(JSONObject.class);
    return (JSONObject) answer;
  }

  /** The next chat event, which must be the given one. */
  public JSONObject next(String event) {
    return next(event, WAIT);
  }

  public JSONObject next(String event, Duration within) {
    Received received = poll(within);
    assertThat(received)
        .as("a %s within %s (disconnected: %s)", event, within, disconnected.getNow("no"))
        .isNotNull();
    assertThat(received.event()).as("event of %s", received).isEqualTo(event);
    return received.body();
  }

  /**
   * Proves nothing else was sent to this page before now: a refused {@code chatting} with an ack makes a round trip,
   * and acks come back in order with the events, so anything sent earlier would be queued by the time it returns.
   */
  public void expectNothingElse() {
    JSONObject answer = ask("chatting", json("msg", ""));
    assertThat(answer.optBoolean("status", true)).isFalse();
    assertThat(events).as("events nobody expected").isEmpty();
  }

  /** How many Engine.IO pings arrived so far. */
  public int pings() {
    return pings.get();
  }

  /** How many Engine.IO messages the given transport ({@code polling}, {@code websocket}) carried. */
  public int messagesOver(String transport) {
    AtomicInteger count = messagesByTransport.get(transport);
    return count == null ? 0 : count.get();
  }

  public boolean isConnected() {
    return socket.connected();
  }

  /** Completes with the disconnect reason. */
  public CompletableFuture<String> disconnected() {
    return disconnected;
  }

  public Socket socket() {
    return socket;
  }

  /** Leaves as a page that navigates away does. */
  @Override
  public void close() {
    socket.disconnect();
    socket.close();
  }

  /** A JSON object from alternating names and values. */
  public static JSONObject json(Object... namesAndValues) {
    JSONObject object = new JSONObject();
    try {
      for (int i = 0; i < namesAndValues.length; i += 2) {
        object.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    } catch (JSONException e) {
      throw new IllegalArgumentException(e);
    }
    return object;
  }

  private Received poll(Duration within) {
    try {
      return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
