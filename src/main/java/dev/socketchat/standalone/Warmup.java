package dev.socketchat.standalone;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Chat traffic through a throwaway server on a loopback port before the real one starts, so that the first clients
 * find the paths a delivery takes (frames read and written, requests decoded, broadcasts encoded, on {@code /chat} and
 * Socket.IO) compiled by the JIT instead of paying for their interpretation and compilation.
 */
final class Warmup {
  /** The setting: milliseconds the warm-up may take at most; 0 turns it off. */
  static final String SETTING = "socketchat.warmup";

  /** What the warm-up may take by default: on a quiet 2-core machine it needs about 4 s; a busy one ends it early. */
  static final Duration DEFAULT_BUDGET = Duration.ofSeconds(5);

  /** The most the setting may give it: a start that waits longer than this for its warm-up is waiting for nothing. */
  static final Duration MAX_BUDGET = Duration.ofMinutes(10);

  private static final int CHAT_ROOMS = 4;
  private static final int SOCKET_IO_ROOMS = 2;
  private static final int MEMBERS = 10;

  /** Chat messages each connection sends: within the default flood limits' burst (300), as a real client would be. */
  private static final int ROUNDS = 250;

  /** The chat messages a whole warm-up delivers: every member gets every member's message of every round. */
  static final long DELIVERIES = (long) ROUNDS * (CHAT_ROOMS + SOCKET_IO_ROOMS) * MEMBERS * MEMBERS;

  private static final String TEXT = "warm-up 안녕하세요 \\\"quoted\\\" 😀";

  /** What a warm-up did: the chat messages delivered, and how long it took. */
  record Outcome(long deliveries, Duration took) {}

  private final AtomicLong delivered = new AtomicLong();
  private final Semaphore deliveries = new Semaphore(0);
  private final List<Client> clients = new ArrayList<>();
  private final long deadline;

  private Warmup(Duration budget) {
    this.deadline = System.nanoTime() + budget.toNanos();
  }

  /**
   * The warm-up's budget as {@code socketchat.warmup} sets it.
   *
   * @throws IllegalArgumentException when it is not a whole number of milliseconds from 0 to ten minutes
   */
  static Duration budget(UnaryOperator<String> lookup) {
    String value = lookup.apply(SETTING);
    if (value == null || value.isBlank()) {
      return DEFAULT_BUDGET;
    }
    try {
      long millis = Long.parseLong(value.strip());
      if (millis >= 0 && millis <= MAX_BUDGET.toMillis()) {
        return Duration.ofMillis(millis);
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        SETTING + " must be a whole number of milliseconds from 0 to " + MAX_BUDGET.toMillis() + ", not \"" + value
            + "\"");
  }

  /**
   * Runs the warm-up on a server of default settings (no cluster, no sign-in) on a free port of 127.0.0.1, within the
   * budget, and stops that server. What is logged meanwhile below WARNING (that server's start, its rooms) is not.
   */
  static Outcome run(Duration budget) throws InterruptedException {
    long start = System.nanoTime();
    Warmup warmup = new Warmup(budget);
    Logger root = Logger.getLogger("");
    Level level = root.getLevel();
    ExecutorService listeners = Executors.newFixedThreadPool(2, Warmup::daemon);
    try {
      if (level == null || level.intValue() < Level.WARNING.intValue()) {
        root.setLevel(Level.WARNING);
      }
      try (StandaloneServer server = StandaloneServer.start("127.0.0.1", 0, name -> null)) {
        // its selector thread ends once the client is collected (Java 17's has no close)
        HttpClient http = HttpClient.newBuilder().executor(listeners).build();
        warmup.chat(http, server.port());
      }
    } finally {
      listeners.shutdownNow();
      root.setLevel(level);
    }
    return new Outcome(warmup.delivered.get(), Duration.ofNanos(System.nanoTime() - start));
  }

  private static Thread daemon(Runnable task) {
    Thread thread = new Thread(task, "socketchat-warmup");
    thread.setDaemon(true);
    return thread;
  }

  /** Fills the rooms, then has every member say something each round until the rounds or the budget run out. */
  private void chat(HttpClient http, int port) throws InterruptedException {
    try {
      for (int room = 0; room < CHAT_ROOMS; room++) {
        seatChatRoom(http, port, room);
      }
      for (int room = 0; room < SOCKET_IO_ROOMS; room++) {
        seatSocketIoRoom(http, port, room);
      }
      int perRound = clients.size() * MEMBERS;
      for (int round = 0; round < ROUNDS; round++) {
        for (Client client : clients) {
          client.say();
        }
        if (!deliveries.tryAcquire(perRound, left(), TimeUnit.NANOSECONDS)) {
          return;
        }
      }
    } catch (TimeoutException e) {
      // the budget ran out: the warm-up ends where it got to
    } finally {
      for (Client client : clients) {
        client.close();
      }
    }
  }

  private long left() {
    return Math.max(0, deadline - System.nanoTime());
  }

  private void seatChatRoom(HttpClient http, int port, int room) throws InterruptedException, TimeoutException {
    URI uri = URI.create("ws://127.0.0.1:" + port + "/chat");
    ChatClient owner = connect(http, uri, new ChatClient("owner" + room));
    long roomId =
        owner
            .ask("\"type\":\"CLIENT_ROOM_CREATE\",\"roomName\":\"warm-up " + room + "\"")
            .getJsonNumber("roomID")
            .longValue();
    owner.room = roomId;
    for (int member = 1; member < MEMBERS; member++) {
      ChatClient joiner = connect(http, uri, new ChatClient("member" + room + "-" + member));
      joiner.ask("\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":" + roomId);
      joiner.room = roomId;
    }
  }

  private void seatSocketIoRoom(HttpClient http, int port, int room) throws InterruptedException, TimeoutException {
    for (int member = 0; member < MEMBERS; member++) {
      URI uri =
          URI.create(
              "ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket&name=sio" + room + "-" + member
                  + "&room=warm-up-" + room);
      SocketIoClient socket = connect(http, uri, new SocketIoClient());
      await(socket.connected);
      socket.send("42[\"join_room\",{\"type\":0}]");
      await(socket.joined);
    }
  }

  private <C extends Client> C connect(HttpClient http, URI uri, C client)
      throws InterruptedException, TimeoutException {
    client.socket = await(http.newWebSocketBuilder().buildAsync(uri, client));
    clients.add(client);
    return client;
  }

  /** The future's value, once it comes within the budget; failed, the warm-up fails. */
  private <T> T await(CompletableFuture<T> future) throws InterruptedException, TimeoutException {
    try {
      return future.get(left(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("warm-up: " + e.getCause(), e);
    }
  }

  /** One connection of the warm-up: reads whole text messages, sends one at a time. */
  private abstract class Client implements WebSocket.Listener {
    WebSocket socket;
    private final StringBuilder partial = new StringBuilder();
    volatile CompletableFuture<WebSocket> sent = CompletableFuture.completedFuture(null);

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        read(webSocket, text);
      }
      webSocket.request(1);
      return null;
    }

    abstract void read(WebSocket webSocket, String text);

    abstract void say() throws InterruptedException, TimeoutException;

    final void send(String text) throws InterruptedException, TimeoutException {
      await(sent);
      sent = socket.sendText(text, true);
    }

    final void delivered() {
      delivered.incrementAndGet();
      deliveries.release();
    }

    /** Says goodbye unless a send is still under way; the server's stop closes whatever is left. */
    final void close() {
      if (socket != null && sent.isDone()) {
        sent = socket.sendClose(WebSocket.NORMAL_CLOSURE, "");
      }
    }
  }

  /** A member of a {@code /chat} room. */
  private final class ChatClient extends Client {
    private final Map<String, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
    private final String name;
    long room;

    ChatClient(String name) {
      this.name = name;
    }

    /** Sends a request of these fields and its name, and waits for its reply: refused, the warm-up ends. */
    JsonObject ask(String fields) throws InterruptedException, TimeoutException {
      CompletableFuture<JsonObject> reply = new CompletableFuture<>();
      replies.put(name, reply);
      send("{" + fields + ",\"userName\":\"" + name + "\",\"requestId\":\"" + name + "\"}");
      JsonObject answer = await(reply);
      if (!answer.getBoolean("status", false)) {
        throw new IllegalStateException("warm-up: refused " + answer);
      }
      return answer;
    }

    @Override
    void read(WebSocket webSocket, String text) {
      if (text.startsWith("{\"type\":\"SERVER_CHAT_SEND\",\"status\":true")) {
        delivered();
        return;
      }
      try (JsonReader reader = Json.createReader(new StringReader(text))) {
        JsonObject frame = reader.readObject();
        CompletableFuture<JsonObject> reply = replies.remove(frame.getString("requestId", ""));
        if (reply != null) {
          reply.complete(frame);
        }
      }
    }

    @Override
    void say() throws InterruptedException, TimeoutException {
      send(
          "{\"type\":\"CLIENT_CHAT_SEND\",\"roomID\":" + room + ",\"userName\":\"" + name + "\",\"message\":\"" + TEXT
              + "\"}");
    }
  }

  /** A Socket.IO socket in a room of the open chat, as a page of the seed chat speaks it. */
  private final class SocketIoClient extends Client {
    final CompletableFuture<Void> connected = new CompletableFuture<>();
    /** Completed by the first entry notice: the socket's own, since it joins after the others. */
    final CompletableFuture<Void> joined = new CompletableFuture<>();

    @Override
    void read(WebSocket webSocket, String text) {
      if (text.startsWith("42[\"chatting\"") && text.contains("\"type\":\"chat\"")) {
        delivered();
      } else if (text.startsWith("42[\"join_room\"")) {
        joined.complete(null);
      } else if (text.startsWith("0{")) {
        sent = webSocket.sendText("40", true);
      } else if (text.startsWith("40{")) {
        connected.complete(null);
      }
    }

    @Override
    void say() throws InterruptedException, TimeoutException {
      send("42[\"chatting\",\"" + TEXT + "\"]");
    }
  }
}
