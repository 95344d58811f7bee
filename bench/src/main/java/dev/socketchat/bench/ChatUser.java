package dev.socketchat.bench;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * One simulated user on one connection: joins a room, says things, leaves. Subclasses speak the wire protocol;
 * every text frame that carries a benchmark marker ({@code ~b}, {@code ~p}, {@code ~c}) goes to the scenario.
 * Runs on the event loop thread only.
 */
abstract class ChatUser implements Connection.Handler {
  /** What the scenario hears from its users. */
  interface Events {
    /** A chat message with a marker at {@code marker} arrived. */
    void delivered(ChatUser user, byte[] bytes, int marker, int end, long nanos);

    /** The connection ended without the user asking for it. */
    default void lost(ChatUser user, int code, String reason) {}
  }

  final String name;
  final Room room;
  final int index;
  protected final Events events;
  private final Connection.Factory connections;
  protected Connection connection;
  private EventLoop loop;
  private Consumer<String> onOpen;
  private Consumer<String> waiting;
  private Consumer<String> onClosed;
  private byte[] sayPrefix;
  private byte[] saySuffix;
  long pings;
  /** What the scenario keeps about this user's current task. */
  Object cycle;
  boolean leaving;

  ChatUser(Connection.Factory connections, int index, String name, Room room, Events events) {
    this.connections = connections;
    this.index = index;
    this.name = name;
    this.room = room;
    this.events = events;
  }

  /** A user speaking {@code protocol} over connections made by {@code connections}. */
  static ChatUser of(Protocol protocol, Connection.Factory connections, int index, String name, Room room,
      Events events) {
    return protocol == Protocol.CHAT
        ? new RoomProtocolUser(connections, index, name, room, events)
        : new SocketIoUser(connections, index, name, room, events);
  }

  /** Connects; {@code done} gets null when the user can make requests, else why not. */
  void open(EventLoop loop, Target target, InetAddress source, Consumer<String> done) {
    onOpen = done;
    this.loop = loop;
    connection = connections.create(this);
    connection.connect(target.address(), source, path(target.prefix()));
  }

  /** Creates the room (the first user of a /chat room); Socket.IO rooms come into being on entry, so it joins. */
  abstract void create(Consumer<String> done);

  abstract void join(Consumer<String> done);

  abstract void exit(Consumer<String> done);

  /** Says {@code text} (ASCII, JSON-safe) in the room, asking for nothing back. */
  final void say(byte[] text, int length) {
    if (sayPrefix == null) {
      sayPrefix = sayPrefix().getBytes(StandardCharsets.UTF_8);
      saySuffix = saySuffix().getBytes(StandardCharsets.UTF_8);
    }
    int total = sayPrefix.length + length + saySuffix.length;
    if (loop.payloadScratch.length < total) {
      loop.payloadScratch = new byte[total * 2];
    }
    byte[] out = loop.payloadScratch;
    System.arraycopy(sayPrefix, 0, out, 0, sayPrefix.length);
    System.arraycopy(text, 0, out, sayPrefix.length, length);
    System.arraycopy(saySuffix, 0, out, sayPrefix.length + length, saySuffix.length);
    connection.sendText(out, 0, total);
  }

  /** Closes the connection politely; {@code done} runs once it is gone. */
  void close(Consumer<String> done) {
    leaving = true;
    onClosed = done;
    connection.close(1000);
  }

  void abort(String why) {
    leaving = true;
    if (connection != null) {
      connection.abort(why);
    }
  }

  boolean isOpen() {
    return connection != null && connection.isOpen();
  }

  protected abstract String path(String prefix);

  protected abstract String sayPrefix();

  protected abstract String saySuffix();

  /** A text frame without a marker: replies, notices, protocol packets. */
  protected abstract void control(String text);

  protected final void ready(String failure) {
    Consumer<String> done = onOpen;
    onOpen = null;
    if (done != null) {
      done.accept(failure);
    }
  }

  /** Sends a request and waits for its answer: {@code done} gets null on success, else the failure. */
  protected final void request(String frame, Consumer<String> done) {
    if (!isOpen()) {
      done.accept("connection not open");
      return;
    }
    waiting = done;
    connection.sendText(frame);
  }

  protected final void answered(String failure) {
    Consumer<String> done = waiting;
    waiting = null;
    if (done != null) {
      done.accept(failure);
    }
  }

  @Override
  public void opened(Connection ws) {}

  /** A join reply: it may quote earlier messages (the room's history), markers included, but delivers none. */
  private static final byte[] JOIN_REPLY = "{\"type\":\"SERVER_ROOM_JOIN\"".getBytes(StandardCharsets.US_ASCII);

  @Override
  public void text(Connection ws, byte[] bytes, int offset, int length, long nanos) {
    int end = offset + length;
    if (length >= JOIN_REPLY.length
        && java.util.Arrays.equals(bytes, offset, offset + JOIN_REPLY.length, JOIN_REPLY, 0, JOIN_REPLY.length)) {
      control(new String(bytes, offset, length, StandardCharsets.UTF_8));
      return;
    }
    for (int i = offset; i < end - 1; i++) {
      if (bytes[i] == '~') {
        byte kind = bytes[i + 1];
        if (kind == 'b' || kind == 'p' || kind == 'c') {
          events.delivered(this, bytes, i, end, nanos);
          return;
        }
      }
    }
    control(new String(bytes, offset, length, StandardCharsets.UTF_8));
  }

  @Override
  public void pinged(Connection ws) {
    pings++;
  }

  @Override
  public void closed(Connection ws, int code, String reason) {
    String why = "closed " + code + " " + reason;
    ready(why);
    answered(why);
    Consumer<String> done = onClosed;
    onClosed = null;
    if (done != null) {
      done.accept(null);
    } else if (!leaving) {
      events.lost(this, code, reason);
    }
  }

  /** Reads a non-negative integer that follows {@code key} in {@code text}; -1 when absent. */
  static long number(String text, String key) {
    int at = text.indexOf(key);
    if (at < 0) {
      return -1;
    }
    long value = 0;
    int i = at + key.length();
    int start = i;
    while (i < text.length() && Character.isDigit(text.charAt(i))) {
      value = value * 10 + (text.charAt(i++) - '0');
    }
    return i == start ? -1 : value;
  }
}
