package dev.socketchat.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.protocol.ClientMessage;
import dev.socketchat.protocol.ClientMessageReader;
import dev.socketchat.protocol.Dialect;
import dev.socketchat.protocol.WellFormed;
import dev.socketchat.socketio.DecodedPacket;
import dev.socketchat.testing.FrameQueue;
import dev.socketchat.testing.Handshakes;
import dev.socketchat.testing.HostileFrames;
import dev.socketchat.testing.ServerHeap;
import dev.socketchat.testing.StandaloneProcess;
import dev.socketchat.testing.Status;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Thousands of generated hostile frames (broken Unicode, wrong JSON types, deep nesting, truncation, huge numbers,
 * oversized and binary frames) from several connections at once, on {@code /chat} and on Socket.IO over WebSocket,
 * while innocent members of the same rooms chat. Every frame is answered, or its connection closed with a documented
 * code; every connection still answers right after each frame; the innocents hear each other, every message in
 * order; and the server holds no more than it did before. Text frames that are not UTF-8 at all (which no WebSocket
 * library sends) are closed with 1007. The frames come from a seeded {@link Random}: the seed is in every failure
 * message, and {@code -Dsocketchat.fuzz.seed=N} replays a run ({@code -Dsocketchat.fuzz.frames=N} sets how many
 * frames each connection sends).
 */
class HostileFramesIT {
  private static final long SEED = Long.getLong("socketchat.fuzz.seed", new Random().nextLong());
  private static final int FRAMES = Integer.getInteger("socketchat.fuzz.frames", 600);
  private static final int CHAT_CONNECTIONS = 3;
  private static final int SOCKET_IO_CONNECTIONS = 3;
  /** How long a frame may go unanswered; far longer than a loaded machine ever takes. */
  private static final Duration ANSWER = Duration.ofSeconds(15);
  private static final int MAX_PAYLOAD = 100_000;
  /** How much more heap (after a full GC) the server may hold once the run is over and everyone has left. */
  private static final long HEAP_GROWTH_LIMIT = 48L << 20;
  private static final String ROOM_KEY = "fuzz";
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static StandaloneProcess server;

  @BeforeAll
  static void start() {
    server =
        StandaloneProcess.start(
            "hostile-frames",
            Map.of(
                // the probes after every frame are requests too: limits no test run meets, so no refusal is ours
                "socketchat.limits.messages-per-second", "100000",
                "socketchat.limits.message-burst", "100000",
                "socketchat.limits.requests-per-second", "100000",
                "socketchat.limits.request-burst", "100000",
                "socketchat.socketio.max-payload", Integer.toString(MAX_PAYLOAD),
                // CLIENT_AUTH and Socket.IO's auth.token are checked (and refused) while guests chat on
                "socketchat.auth.mode", "optional",
                "socketchat.auth.hmac-secret", "hostile-frames-never-sign-in-with-this-secret"));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    server.close();
  }

  @Test
  void hostileFramesOnBothEndpointsAreAnsweredOrClosedAndTheInnocentsCarryOn() throws Exception {
    String seed = "seed " + SEED + " (replay: -Dsocketchat.fuzz.seed=" + SEED + ")";
    System.out.println("HostileFramesIT: " + seed + ", " + FRAMES + " frames per connection");
    long heapBefore = heapAfterGc();
    ExecutorService threads = Executors.newCachedThreadPool();
    AtomicBoolean hostilesDone = new AtomicBoolean();
    try (Innocents chat = Innocents.onChat(); Innocents socketIo = Innocents.onSocketIo()) {
      Future<Integer> chatWriter = threads.submit(() -> chat.chatUntil(hostilesDone));
      Future<Integer> socketIoWriter = threads.submit(() -> socketIo.chatUntil(hostilesDone));
      Runnable frameSent = () -> {
        chat.beats.release();
        socketIo.beats.release();
      };
      List<Future<String>> hostiles = new ArrayList<>();
      for (int i = 0; i < CHAT_CONNECTIONS; i++) {
        Random random = new Random(SEED + i);
        hostiles.add(threads.submit(named("chat-" + i, () -> new HostileChat(random, frameSent).run())));
      }
      for (int i = 0; i < SOCKET_IO_CONNECTIONS; i++) {
        Random random = new Random(SEED + 100 + i);
        String name = "h" + i;
        hostiles.add(threads.submit(named("socket.io-" + i, () -> new HostileSocketIo(random, name, frameSent).run())));
      }
      List<String> outcomes = new ArrayList<>();
      for (Future<String> hostile : hostiles) {
        outcomes.add(hostile.get(10, TimeUnit.MINUTES));
      }
      hostilesDone.set(true);
      int chatSent = chatWriter.get(1, TimeUnit.MINUTES);
      int socketIoSent = socketIoWriter.get(1, TimeUnit.MINUTES);
      outcomes.add("innocents said " + chatSent + " messages on /chat and " + socketIoSent + " on Socket.IO");
      System.out.println("HostileFramesIT: " + String.join("; ", outcomes));
      chat.expectEveryMessageInOrder(chatSent, seed);
      socketIo.expectEveryMessageInOrder(socketIoSent, seed);
    } catch (java.util.concurrent.ExecutionException failed) {
      throw new AssertionError(seed + ": " + failed.getCause().getMessage(), failed.getCause());
    } finally {
      hostilesDone.set(true);
      threads.shutdownNow();
    }
    try {
      Status.awaitZero(server, "connections", "seats", "rooms", "openRooms", "memberships");
    } catch (AssertionError leftBehind) {
      throw new AssertionError(seed + ": " + leftBehind.getMessage(), leftBehind);
    }
    assertThat(server.log()).as("%s: the server log", seed).doesNotContain("unexpected failure");
    assertThat(heapAfterGc()).as("%s: heap after a full GC, against %d bytes before", seed, heapBefore)
        .isLessThan(heapBefore + HEAP_GROWTH_LIMIT);
  }

  @Test
  void textFramesThatAreNotUtf8AreClosedWith1007AndTheRestAnswered() throws Exception {
    String seed = "seed " + SEED + " (replay: -Dsocketchat.fuzz.seed=" + SEED + ")";
    Random random = new Random(SEED + 1000);
    int closed = 0;
    int answered = 0;
    for (int n = 0; n < 100; n++) {
      boolean socketIo = n % 2 == 1;
      String text =
          socketIo
              ? "421[\"chatting\"," + HostileFrames.jsonString(random, "x" + HostileFrames.text(random, 3)) + "]"
              : "{\"type\":\"CLIENT_ROOM_LIST\",\"requestId\":" + HostileFrames.jsonString(random, "r") + "}";
      byte[] payload = breakUtf8(random, wireSafe(text).getBytes(StandardCharsets.UTF_8));
      String what = "%s: %s frame %s".formatted(seed, socketIo ? "Socket.IO" : "/chat", java.util.HexFormat.of()
          .formatHex(payload));
      try (RawFrames raw = socketIo ? RawFrames.socketIo() : RawFrames.chat()) {
        raw.sendText(payload, random.nextBoolean());
        if (!isUtf8(payload)) {
          assertThat(raw.closeCode()).as(what).isEqualTo(1007);
          closed++;
        } else if (socketIo
            && DecodedPacket.decode(new String(payload, StandardCharsets.UTF_8).substring(1)).isEmpty()) {
          assertThat(raw.closeCode()).as("%s breaks the protocol", what).isEqualTo(1002);
        } else {
          assertThat(raw.nextText()).as(what).isNotNull();
          answered++;
        }
      }
    }
    assertThat(closed).as("%s: frames that broke UTF-8", seed).isPositive();
    System.out.println("HostileFramesIT: " + closed + " frames of broken UTF-8 closed with 1007, " + answered
        + " others answered");
  }

  /** The bytes with one of UTF-8's ways to break put in at random, or now and then left alone. */
  private static byte[] breakUtf8(Random random, byte[] bytes) {
    byte[][] breaks = {
      {(byte) 0xff}, {(byte) 0xc0, (byte) 0x80}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82},
      {(byte) 0x80}, {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xf0, (byte) 0x9f, (byte) 0x98},
    };
    if (random.nextInt(5) == 0) {
      return bytes;
    }
    byte[] broken = breaks[random.nextInt(breaks.length)];
    int at = random.nextInt(bytes.length + 1);
    byte[] out = new byte[bytes.length + broken.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(broken, 0, out, at, broken.length);
    System.arraycopy(bytes, at, out, at + broken.length, bytes.length - at);
    return out;
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (java.nio.charset.CharacterCodingException e) {
      return false;
    }
  }

  /** Runs the task with its name (and the seed) in the message of whatever it throws. */
  private static Callable<String> named(String name, Callable<String> task) {
    return () -> {
      try {
        return name + ": " + task.call();
      } catch (AssertionError | RuntimeException failed) {
        throw new AssertionError(name + ", seed " + SEED + ": " + failed.getMessage(), failed);
      }
    };
  }

  /** One {@code /chat} connection sending hostile frames, each followed by a room list that must come back. */
  private static final class HostileChat {
    private final Random random;
    private Socket socket;
    private int probes;
    private int refusals;
    private int closes;
    private String lastSent = "";
    private final Runnable frameSent;

    HostileChat(Random random, Runnable frameSent) {
      this.random = random;
      this.frameSent = frameSent;
    }

    String run() throws Exception {
      socket = Socket.open(server.chat(), frame -> true);
      try {
        for (int n = 0; n < FRAMES; n++, frameSent.run()) {
          int kind = random.nextInt(200);
          if (kind == 0) {
            oversized();
          } else if (kind < 5) {
            socket.binary(new byte[random.nextInt(100)]);
            lastSent = "(binary)";
            expect(probe(), "binary frame", Optional.of("BINARY_NOT_SUPPORTED"), true);
          } else {
            String frame = wireSafe(HostileFrames.chatFrame(random));
            lastSent = frame;
            if (frame.getBytes(StandardCharsets.UTF_8).length > 64 * 1024) {
              socket.textBeforeClose(frame);
              reopenAfter1009();
            } else {
              socket.text(frame);
              expect(probe(), frame, refusalOf(frame), !isRequest(frame));
            }
          }
        }
        assertThat(probe()).as("a last room list").isNotNull();
      } finally {
        socket.close();
      }
      return FRAMES + " frames, " + refusals + " refused, " + closes + " closed with 1009";
    }

    /** A frame over 64 KiB: the connection is closed with 1009, and another one takes its place. */
    private void oversized() throws Exception {
      socket.textBeforeClose("{\"type\":\"CLIENT_CHAT_SEND\",\"message\":\"" + "x".repeat(70_000) + "\"}");
      reopenAfter1009();
    }

    private void reopenAfter1009() throws Exception {
      assertThat(socket.closed().get(ANSWER.toMillis(), TimeUnit.MILLISECONDS)).as("close code").isEqualTo(1009);
      closes++;
      socket.close();
      socket = Socket.open(server.chat(), frame -> true);
    }

    /** Asks for the room list and returns every frame up to its reply; fails if none comes in time. */
    private List<String> probe() {
      String marker = "probe-" + probes++;
      socket.text("{\"type\":\"CLIENT_ROOM_LIST\",\"requestId\":\"" + marker + "\"}");
      List<String> before = new ArrayList<>();
      while (true) {
        String frame = socket.poll(ANSWER);
        assertThat(frame)
            .as("the reply to %s after the frame %s (closed: %s; answers so far: %s)",
                marker, clip(lastSent), socket.closed().getNow(null), before)
            .isNotNull();
        JsonObject json = object(frame);
        if (json.getString("type", "").equals("SERVER_ROOM_LIST") && marker.equals(json.getString("requestId", ""))) {
          return before;
        }
        before.add(frame);
      }
    }

    private void expect(List<String> answers, String frame, Optional<String> reason, boolean mustRefuse) {
      String what = "the answers to " + clip(frame);
      assertThat(answers).as(what).isNotEmpty();
      for (String answer : answers) {
        JsonObject json = object(answer);
        assertThat(json.getString("type", "")).as(what).isNotEmpty();
        if (json.containsKey("status") && !json.getBoolean("status")) {
          assertThat(json.getString("reason", "")).as(what).isNotEmpty();
          assertThat(json.getString("detail", "")).as(what).isNotEmpty();
        }
      }
      if (mustRefuse) {
        refusals++;
        assertThat(answers)
            .as(what)
            .anySatisfy(answer -> {
              JsonObject json = object(answer);
              assertThat(json.getBoolean("status", true)).isFalse();
              reason.ifPresent(expected -> assertThat(json.getString("reason")).isEqualTo(expected));
            });
      }
    }

    /** The reason the server must refuse the frame with, whichever dialect the connection speaks by now. */
    private static Optional<String> refusalOf(String frame) {
      ClientMessage read = ClientMessageReader.read(frame);
      if (read instanceof ClientMessage.Unreadable unreadable) {
        return Optional.of(unreadable.reason().name());
      }
      ClientMessage readme = read.readAs(Dialect.README);
      ClientMessage app = read.readAs(Dialect.APP);
      if (readme instanceof ClientMessage.Invalid one
          && app instanceof ClientMessage.Invalid other
          && one.reason() == other.reason()) {
        return Optional.of(one.reason().name());
      }
      return Optional.empty();
    }

    /** Whether some dialect reads the frame as a request the server carries out (or refuses for its state). */
    private static boolean isRequest(String frame) {
      ClientMessage read = ClientMessageReader.read(frame);
      return !(read instanceof ClientMessage.Unreadable)
          && !(read.readAs(Dialect.README) instanceof ClientMessage.Invalid
              && read.readAs(Dialect.APP) instanceof ClientMessage.Invalid);
    }
  }

  /**
   * One Socket.IO session sending hostile packets, each followed by an unknown event whose ack must come back: a
   * session the server closes must have broken the protocol (1002); then another one takes its place.
   */
  private static final class HostileSocketIo {
    private static final Pattern ACK = Pattern.compile("^43(\\d+)\\[");
    private final Random random;
    private final String name;
    private Socket socket;
    private long probes = 1_000_000;
    private String lastSent = "";
    private final Runnable frameSent;
    private int violations;
    private int acks;

    HostileSocketIo(Random random, String name, Runnable frameSent) {
      this.random = random;
      this.name = name;
      this.frameSent = frameSent;
    }

    String run() throws Exception {
      open();
      try {
        for (int n = 0; n < FRAMES; n++, frameSent.run()) {
          int kind = random.nextInt(100);
          if (kind == 0) {
            socket.textBeforeClose("42[\"chatting\",\"" + "x".repeat(MAX_PAYLOAD) + "\"]");
            expectClosed("a message over max-payload", Set.of(1009));
          } else if (kind < 3) {
            socket.binary(new byte[random.nextInt(50)]); // an attachment nobody announced
            expectClosed("a binary message", Set.of(1002));
          } else if (kind < 8) {
            String packet = wireSafe(HostileFrames.text(random, 3));
            lastSent = packet;
            socket.text(packet);
            List<String> answers = probe();
            if (answers == null) {
              expectClosed("Engine.IO packet " + clip(packet), Set.of(1000, 1002));
            }
          } else {
            String packet =
                wireSafe(kind < 50 ? HostileFrames.socketIoEvent(random) : HostileFrames.socketIoPacket(random));
            lastSent = "4" + packet;
            socket.text(lastSent);
            check(packet, probe());
          }
        }
        assertThat(probe()).as("a last ack").isNotNull();
      } finally {
        socket.close();
      }
      return FRAMES + " packets, " + acks + " acked, " + violations + " sessions closed (protocol broken, or too big)";
    }

    private void check(String packet, List<String> answers) throws Exception {
      Optional<DecodedPacket> decoded = DecodedPacket.decode(packet);
      String what = "the answers to 4" + clip(packet);
      if (answers == null) {
        assertThat(decoded.isEmpty() || decoded.get().changesState())
            .as("%s: the session was closed, yet the packet is %s", what, decoded)
            .isTrue();
        expectClosed(what, Set.of(1002));
        return;
      }
      assertThat(decoded).as("%s: a packet that breaks the protocol closes the session", what).isPresent();
      if (decoded.get().asksForAck()) {
        acks++;
        assertThat(answers)
            .as(what)
            .anySatisfy(answer -> {
              assertThat(answer).startsWith("43" + decoded.get().ackId() + "[{\"status\":");
              JsonObject ack = Json.createReader(new StringReader(answer.substring(answer.indexOf('{'))))
                  .readObject();
              if (!ack.getBoolean("status")) {
                assertThat(ack.getString("reason")).isNotEmpty();
              }
            });
      }
    }

    /** Sends an unknown event with an ack: the frames before its ack, or null when the session was closed. */
    private List<String> probe() {
      long id = probes++;
      List<String> before = new ArrayList<>();
      try {
        socket.text("42" + id + "[\"probe\"]");
      } catch (RuntimeException closing) {
        awaitClose();
        return null;
      }
      while (true) {
        String frame = socket.poll(ANSWER);
        if (frame == null) {
          assertThat(socket.closed())
              .as("the session answers the ack %d within %s after %s, or is closed; before it: %s",
                  id, ANSWER, clip(lastSent), before)
              .isDone();
          return null;
        }
        Matcher ack = ACK.matcher(frame);
        if (ack.find() && ack.group(1).equals(Long.toString(id))) {
          assertThat(frame).contains("\"reason\":\"UNKNOWN_TYPE\"");
          return before;
        }
        before.add(frame);
      }
    }

    private void expectClosed(String what, Set<Integer> codes) throws Exception {
      Integer code = socket.closed().get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(code).as("%s: the close code", what).isIn(codes);
      violations++;
      socket.close();
      open();
    }

    private void open() {
      URI uri = URI.create(Handshakes.socketIo(server) + "&name=" + name + "&room=" + ROOM_KEY);
      socket = Socket.open(uri, HostileFramesIT::engineIoPings);
      assertThat(socket.poll(ANSWER)).as("the open packet").startsWith("0{");
      socket.text("40");
      assertThat(socket.poll(ANSWER)).as("the CONNECT answer").startsWith("40{");
      socket.text("420[\"join_room\",{\"type\":1}]");
      Innocents.awaitFrame(socket, frame -> frame.startsWith("430["), "the join_room ack");
    }

    /** Waits for the close a failed send ran into; fails if the session is not closing after all. */
    private void awaitClose() {
      try {
        socket.closed().get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        throw new AssertionError("a send failed, yet the session did not close", e);
      }
    }
  }

  /** Two well-behaved members of one room: one says numbered messages, the other must hear every one, in order. */
  private static final class Innocents implements AutoCloseable {
    /** The hostile frames between two of the innocents' messages. */
    private static final int BEAT = 5;
    private final java.util.concurrent.Semaphore beats = new java.util.concurrent.Semaphore(0);
    private final Socket writer;
    private final Socket reader;
    private final boolean socketIo;
    private int room;

    private Innocents(Socket writer, Socket reader, boolean socketIo) {
      this.writer = writer;
      this.reader = reader;
      this.socketIo = socketIo;
    }

    static Innocents onChat() {
      Innocents innocents =
          new Innocents(Socket.open(server.chat(), frame -> true), Socket.open(server.chat(), frame -> true), false);
      innocents.writer.text("{\"type\":\"CLIENT_ROOM_CREATE\",\"roomName\":\"fuzz\",\"userName\":\"writer\"}");
      innocents.room = object(innocents.writer.poll(ANSWER)).getInt("roomID");
      innocents.reader.text(
          "{\"type\":\"CLIENT_ROOM_JOIN\",\"roomID\":" + innocents.room + ",\"userName\":\"reader\"}");
      assertThat(object(innocents.reader.poll(ANSWER)).getBoolean("status")).isTrue();
      return innocents;
    }

    static Innocents onSocketIo() {
      Innocents innocents = new Innocents(page("writer"), page("reader"), true);
      return innocents;
    }

    private static Socket page(String name) {
      URI uri = URI.create(Handshakes.socketIo(server) + "&name=" + name + "&room=" + ROOM_KEY);
      Socket page = Socket.open(uri, HostileFramesIT::engineIoPings);
      assertThat(page.poll(ANSWER)).startsWith("0{");
      page.text("40");
      assertThat(page.poll(ANSWER)).startsWith("40{");
      page.text("420[\"join_room\",{\"type\":1}]");
      assertThat(awaitFrame(page, frame -> frame.startsWith("430["), "the join_room ack"))
          .isEqualTo("430[{\"status\":true}]");
      return page;
    }

    /**
     * Says one message after the other, each once the last was answered and the hostiles sent some frames more,
     * until they are done.
     */
    int chatUntil(AtomicBoolean done) throws InterruptedException {
      int sent = 0;
      while (!done.get()) {
        if (!beats.tryAcquire(BEAT, 100, TimeUnit.MILLISECONDS)) {
          continue;
        }
        String text = "m" + sent;
        if (socketIo) {
          String ack = "43" + (sent + 1) + "[{\"status\":true}";
          writer.text("42" + (sent + 1) + "[\"chatting\",\"" + text + "\"]");
          awaitFrame(writer, frame -> frame.startsWith(ack), text);
        } else {
          writer.text("{\"type\":\"CLIENT_CHAT_SEND\",\"roomID\":" + room + ",\"userName\":\"writer\",\"message\":\""
              + text + "\",\"requestId\":\"" + text + "\"}");
          awaitFrame(writer, frame -> frame.contains("\"requestId\":\"" + text + "\""), text);
        }
        sent++;
      }
      return sent;
    }

    /** Reads until {@code sent} messages from the writer arrived, each the next one. */
    void expectEveryMessageInOrder(int sent, String seed) {
      for (int next = 0; next < sent; next++) {
        String expected = "m" + next;
        String heard =
            awaitFrame(
                reader,
                frame -> socketIo
                    ? frame.startsWith("42[\"chatting\",") && frame.contains("\"name\":\"writer\"")
                        && frame.contains("\"type\":\"chat\"")
                    : frame.contains("\"type\":\"SERVER_CHAT_SEND\"") && frame.contains("\"nickname\":\"writer\""),
                expected + " (" + seed + ")");
        assertThat(heard).as("%s: message %d of %d", seed, next, sent).contains("\"" + expected + "\"");
      }
    }

    static String awaitFrame(Socket socket, java.util.function.Predicate<String> wanted, String what) {
      while (true) {
        String frame = socket.poll(ANSWER);
        assertThat(frame).as("%s within %s (closed: %s)", what, ANSWER, socket.closed().getNow(null)).isNotNull();
        if (wanted.test(frame)) {
          return frame;
        }
      }
    }

    @Override
    public void close() {
      writer.close();
      reader.close();
    }
  }

  /** A JDK WebSocket and the frames it received. */
  private record Socket(WebSocket webSocket, FrameQueue frames) {
    static Socket open(URI uri, java.util.function.BiPredicate<WebSocket, String> keep) {
      FrameQueue frames = new FrameQueue(keep);
      return new Socket(HTTP.newWebSocketBuilder().connectTimeout(ANSWER).buildAsync(uri, frames).join(), frames);
    }

    static Socket open(URI uri, java.util.function.Predicate<String> keep) {
      return open(uri, (socket, frame) -> keep.test(frame));
    }

    void text(String text) {
      webSocket.sendText(text, true).join();
    }

    /** Sends a message the server closes the connection for, which it may do before it has read all of it. */
    void textBeforeClose(String text) {
      try {
        text(text);
      } catch (java.util.concurrent.CompletionException closedMeanwhile) {
        // the close code tells the rest
      }
    }

    void binary(byte[] bytes) {
      webSocket.sendBinary(ByteBuffer.wrap(bytes), true).join();
    }

    /** The next frame; null once the time is up, or at once when the connection is closed and all was read. */
    String poll(Duration within) {
      long deadline = System.nanoTime() + within.toNanos();
      while (true) {
        long left = deadline - System.nanoTime();
        String frame = frames.poll(Duration.ofNanos(Math.max(0, Math.min(left, 50_000_000L))));
        if (frame != null || left <= 0) {
          return frame;
        }
        if (closed().isDone()) {
          return frames.poll(Duration.ZERO);
        }
      }
    }

    CompletableFuture<Integer> closed() {
      return frames.closed();
    }

    void close() {
      frames.close(webSocket, ANSWER);
    }
  }

  /**
   * A WebSocket client on a plain socket that sends text frames of any bytes, whole or in two fragments (which no
   * WebSocket library would send broken), and reads the server's frames.
   */
  private static final class RawFrames implements AutoCloseable {
    private final java.net.Socket socket;
    private final java.io.DataInputStream in;

    private RawFrames(String path) throws IOException {
      socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), server.port());
      socket.setSoTimeout((int) ANSWER.toMillis());
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port()
              + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
              + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      in = new java.io.DataInputStream(socket.getInputStream());
      StringBuilder head = new StringBuilder();
      while (!head.toString().endsWith("\r\n\r\n")) {
        head.append((char) in.readUnsignedByte());
      }
      assertThat(head.toString()).as("the handshake").startsWith("HTTP/1.1 101");
    }

    static RawFrames chat() throws IOException {
      return new RawFrames(server.chat().getRawPath());
    }

    /** A Socket.IO session connected to the default namespace and in the test's room. */
    static RawFrames socketIo() throws IOException {
      RawFrames raw =
          new RawFrames(Handshakes.socketIo(server).getRawPath() + "?EIO=4&transport=websocket&name=raw&room=fuzz");
      assertThat(raw.nextText()).startsWith("0{");
      raw.sendText("40".getBytes(StandardCharsets.US_ASCII), false);
      assertThat(raw.nextText()).startsWith("40{");
      return raw;
    }

    /** Sends the bytes as one text message, masked as a client must, in one frame or split in two. */
    void sendText(byte[] payload, boolean fragmented) throws IOException {
      int cut = fragmented ? payload.length / 2 : payload.length;
      byte[] first = java.util.Arrays.copyOfRange(payload, 0, cut);
      frame(fragmented ? 0x01 : 0x81, first);
      if (fragmented) {
        frame(0x80, java.util.Arrays.copyOfRange(payload, cut, payload.length)); // FIN, continuation
      }
    }

    private void frame(int first, byte[] payload) throws IOException {
      java.io.ByteArrayOutputStream frame = new java.io.ByteArrayOutputStream();
      frame.write(first);
      if (payload.length < 126) {
        frame.write(0x80 | payload.length);
      } else {
        frame.write(0x80 | 126);
        frame.write(payload.length >> 8);
        frame.write(payload.length & 0xff);
      }
      byte[] mask = {0x37, (byte) 0xfa, 0x21, 0x3d};
      frame.write(mask);
      for (int i = 0; i < payload.length; i++) {
        frame.write(payload[i] ^ mask[i % 4]);
      }
      socket.getOutputStream().write(frame.toByteArray());
    }

    /** The next text message (pings left out), or null if the server closed instead. */
    String nextText() throws IOException {
      while (true) {
        int first = in.readUnsignedByte();
        byte[] payload = payload();
        int opcode = first & 0x0f;
        if (opcode == 0x8) {
          return null;
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        if (opcode == 0x1 && !text.equals("2")) {
          return text;
        }
      }
    }

    /** Reads up to the server's close frame and returns its code. */
    int closeCode() throws IOException {
      while (true) {
        int first = in.readUnsignedByte();
        byte[] payload = payload();
        if ((first & 0x0f) == 0x8) {
          return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
        }
      }
    }

    private byte[] payload() throws IOException {
      int length = in.readUnsignedByte() & 0x7f;
      long size = length == 126 ? in.readUnsignedShort() : length == 127 ? in.readLong() : length;
      byte[] payload = new byte[Math.toIntExact(size)];
      in.readFully(payload);
      return payload;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** Answers Engine.IO pings and keeps them out of the frames. */
  private static boolean engineIoPings(WebSocket webSocket, String frame) {
    if (frame.equals("2")) {
      var unused = webSocket.sendText("3", true); // a failed send shows as a missed pong
      return false;
    }
    return true;
  }

  /**
   * The text with each unpaired surrogate written as a JSON escape: a WebSocket text frame can only carry
   * well-formed text, so broken text reaches the server escaped, as it does from a browser.
   */
  private static String wireSafe(String text) {
    if (WellFormed.text(text)) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
      if (paired) {
        out.append(c).append(text.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static JsonObject object(String frame) {
    try (JsonReader reader = Json.createReader(new StringReader(frame))) {
      return reader.readObject();
    }
  }

  private static String clip(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "… (" + text.length() + " characters)";
  }

  /** The server's heap in use right after a full GC. */
  private static long heapAfterGc() throws IOException, InterruptedException {
    return ServerHeap.afterGc(server.process());
  }
}
