package dev.socketchat.socketio.chat;

import dev.socketchat.domain.Allowance;
import dev.socketchat.domain.Announcement;
import dev.socketchat.domain.Connection;
import dev.socketchat.domain.Identity;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomKey;
import dev.socketchat.domain.RoomManager;
import dev.socketchat.logging.LogBudget;
import dev.socketchat.logging.LogText;
import dev.socketchat.metrics.CloseCause;
import dev.socketchat.protocol.WellFormed;
import dev.socketchat.socketio.SharedJson;
import dev.socketchat.socketio.SocketEvent;
import dev.socketchat.socketio.SocketIoSocket;
import dev.socketchat.socketio.SocketListener;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiFunction;

/**
 * One chat page's socket, speaking the seed chat server's events: {@code join_room} puts it in its room (the
 * handshake's, or the React pages' {@code idx}), {@code chatting} says something there, {@code leave_room} leaves, and
 * {@code exit_room} announces that the site sent someone out. The socket always speaks under its handshake's name,
 * whatever name a payload carries. Every ack is answered with {@code {status}} (and {@code reason}, {@code detail}
 * when refused). A dropped socket leaves its room silently.
 */
final class ChatSocket implements SocketListener {
  /** The largest member count a page may report. */
  static final int MAX_MEMBER_COUNT = 1_000_000;

  private static final System.Logger LOG = System.getLogger(ChatSocket.class.getName());

  private final RoomManager rooms;
  private final ChatFrames frames;
  private final SocketIoSocket socket;
  private final Nickname name;
  // who its token proved it is; null for a guest
  private final Identity identity;
  private RoomKey room;
  private Connection connection;
  // the server-side disconnect when its token ends; null for a guest
  private volatile ScheduledFuture<?> end;

  /**
   * @param connection the engine's connection of a socket taken over from another connection ({@link
   *     ChatNamespace#recover}), or null for a new socket, which gets one when it has connected
   * @param identity who the socket's token proved it is, or null for a guest (a taken-over connection has it already)
   */
  ChatSocket(
      RoomManager rooms,
      ChatFrames frames,
      SocketIoSocket socket,
      Nickname name,
      RoomKey room,
      Connection connection,
      Identity identity) {
    this.rooms = Objects.requireNonNull(rooms, "rooms");
    this.frames = Objects.requireNonNull(frames, "frames");
    this.socket = Objects.requireNonNull(socket, "socket");
    this.name = Objects.requireNonNull(name, "name");
    this.room = Objects.requireNonNull(room, "room");
    this.connection = connection;
    this.identity = identity;
  }

  /** Whether a token proving {@code other} is this socket's user: same subject and name (a guest's is nobody's). */
  boolean belongsTo(Identity other) {
    return identity != null && identity.subject().equals(other.subject()) && identity.name().equals(other.name());
  }

  /** Whether a token signed the socket in. */
  boolean signedIn() {
    return identity != null;
  }

  /**
   * Signs the recovered socket in with a fresh token of its user ({@link #belongsTo}): its roles from now on, and the
   * end of that token, not the one it had, disconnects it.
   */
  void signIn(Identity fresh, Instant ends, BiFunction<Runnable, Duration, ScheduledFuture<?>> timer) {
    if (connection != null) {
      rooms.identify(connection, fresh); // same subject and name: never refused
    }
    endsAt(ends, timer);
  }

  /**
   * Disconnects the socket from the server side when its token ends (a page reconnects with a fresh one), instead of
   * when any earlier token did. A socket suspended then (its connection dropped) waits out its recovery window as
   * before: only a valid token of its user recovers it ({@code ChatNamespace.mayRecover}), whose end counts from then.
   */
  void endsAt(Instant ends, BiFunction<Runnable, Duration, ScheduledFuture<?>> timer) {
    ScheduledFuture<?> earlier = end;
    if (earlier != null) {
      earlier.cancel(false);
    }
    end =
        timer.apply(
            () -> {
              if (!socket.isSuspended()) {
                LOG.log(System.Logger.Level.DEBUG, "socket {0} disconnected: its token expired", socket.id());
                socket.disconnect();
              }
            },
            Duration.between(Instant.now(), ends));
  }

  /**
   * The socket was recovered onto another Socket.IO connection of this node: it keeps its flood limits, which that
   * connection's sockets share from now on (unless one of them had its own already).
   */
  void recoveredHere() {
    Connection kept = connection;
    if (kept != null) {
      Allowance its = kept.allowance();
      if (socket.connectionWide(Allowance.class, () -> its) == its) {
        socket.adopt(its); // no other connection from the address inherits it while this one has it
      }
    }
  }

  /**
   * The flood limits of the socket's Socket.IO connection: those a socket before it on the connection had, else what
   * a connection from its client's address left behind, else fresh ones.
   */
  static Allowance allowanceOf(SocketIoSocket socket, RoomManager rooms) {
    return socket.connectionWide(Allowance.class, () -> socket.inherit(Allowance.class, rooms::allowance));
  }

  @Override
  public void connected() {
    SocketIoRecipient recipient = new SocketIoRecipient(socket, frames);
    // the flood limits are the Socket.IO connection's: a socket that connects again starts no fresh burst
    connection = rooms.connect(recipient, allowanceOf(socket, rooms));
    recipient.serves(connection.id());
    if (identity != null) {
      rooms.identify(connection, identity); // a fresh connection is in no room: never refused
    }
  }

  @Override
  public void event(SocketEvent event) {
    long counted = connection.counted();
    try {
      if (!event.attachments().isEmpty()) {
        throw new Refusal(Reason.BINARY_NOT_SUPPORTED, "the chat takes JSON only, no binary attachments");
      }
      if (!WellFormed.text(event.name())) {
        throw new Refusal(Reason.UNKNOWN_TYPE, "the event name holds a broken character (an unpaired surrogate)");
      }
      if (!WellFormed.json(event.args())) {
        throw new Refusal(Reason.BAD_MESSAGE, "the event holds text that is not well-formed (an unpaired surrogate)");
      }
      switch (event.name()) {
        case "join_room" -> join(object(event));
        case "chatting" -> chat(event.firstArg());
        case "leave_room" -> leave(event.firstArg());
        case "exit_room" -> announceRemoval(object(event));
        default -> throw new Refusal(
            Reason.UNKNOWN_TYPE, "unknown event \"" + WellFormed.clip(event.name(), 40) + "\"");
      }
      if (event.wantsAck()) {
        event.ack(SharedJson.get().createObjectBuilder().add("status", true).build());
      }
    } catch (Refusal refusal) {
      Refusal refused = rooms.charge(connection, refusal, counted);
      if (LOG.isLoggable(System.Logger.Level.DEBUG)) {
        LOG.log(
            System.Logger.Level.DEBUG,
            "socket {0}: {1} refused: {2}",
            socket.id(),
            LogText.quoted(event.name(), 40),
            LogText.quoted(refused.detail()));
      }
      event.ack(
          SharedJson.get().createObjectBuilder()
              .add("status", false)
              .add("reason", refused.reason().name())
              .add("detail", refused.detail())
              .build());
      if (refused.reason() == Reason.RATE_LIMITED && connection.flooding()) {
        LogBudget.info(LOG, "socket {0} disconnected: flooding", socket.id());
        socket.disconnectFor(CloseCause.RATE_LIMIT);
      }
    }
  }

  /** Its session, if the registry shares it between nodes, is kept only for the window from now. */
  @Override
  public void suspended() {
    if (connection != null) {
      rooms.socketSuspended(connection);
    }
  }

  @Override
  public void disconnected(String reason) {
    ScheduledFuture<?> pending = end;
    if (pending != null) {
      pending.cancel(false);
    }
    if (connection != null) {
      rooms.disconnect(connection);
    }
  }

  /**
   * {@code join_room {type, mem_cnt?}} (PHP pages) or {@code {idx, name, type, mem_cnt}} (React pages): into the room,
   * leaving any other one silently; type 0 (first entry) is announced to the room, the newcomer included.
   */
  private void join(JsonObject payload) {
    int type = entryType(payload.get("type"));
    Integer memberCount = memberCount(payload.get("mem_cnt"));
    RoomKey target = roomOf(payload);
    Announcement entry = type == 0 ? new Announcement(Announcement.Kind.ENTRY, name, memberCount) : null;
    if (connection.rooms().contains(target)) {
      room = target;
      if (entry == null) {
        rooms.admitRequest(connection); // a returning entry into its own room changes nothing, but counts as a request
      } else {
        rooms.announce(connection, name, target, entry, null);
      }
      return;
    }
    if (frames.numbered() && socket.privateId() != null) {
      rooms.keepForRecovery(connection, name, socket.privateId()); // before its first room: its events are its own
    }
    rooms.move(connection, name, target, entry); // refused for its rate before it leaves the room it is in
    if (connection.rooms().contains(target)) {
      room = target; // not when it dropped meanwhile and left the room again
    }
  }

  /** {@code chatting "text"} (PHP pages) or {@code {idx?, msg}} (React pages): to the room, the sender included. */
  private void chat(JsonValue argument) {
    String text;
    RoomKey target = room;
    if (argument instanceof JsonString string) {
      text = string.getString();
    } else if (argument instanceof JsonObject object) {
      target = roomOf(object);
      JsonValue msg = object.get("msg");
      if (msg != null && msg != JsonValue.NULL && !(msg instanceof JsonString)) {
        throw new Refusal(Reason.BAD_MESSAGE, "msg must be a string");
      }
      text = msg instanceof JsonString string ? string.getString() : null;
    } else {
      throw new Refusal(Reason.BAD_MESSAGE, "chatting takes the message as a string (or {msg})");
    }
    MessageText message = new MessageText(text);
    requireIn(target);
    rooms.say(connection, name, target, message, null);
  }

  /** {@code leave_room {mem_cnt?}}: told to the others, then out of the room. */
  private void leave(JsonValue argument) {
    Integer memberCount =
        argument instanceof JsonObject object ? memberCount(object.get("mem_cnt")) : null;
    requireIn(room);
    rooms.exit(connection, name, room, new Announcement(Announcement.Kind.LEAVE, name, less(memberCount)), null);
  }

  /**
   * {@code exit_room {name, mem_cnt?}}: tells the room that the site sent {@code name} out. From a guest or a user who
   * is no moderator, only an announcement, as in the seed server: the site's backend does the removal. From a
   * moderator (its token says so), the announcement, then the removal: every connection going by {@code name} leaves
   * the room and is banned from it while it exists.
   */
  private void announceRemoval(JsonObject payload) {
    JsonValue target = payload.get("name");
    Nickname removed;
    if (target instanceof JsonString string) {
      removed = new Nickname(string.getString());
    } else if (target instanceof JsonNumber number) {
      removed = new Nickname(NumberText.of(number)); // 1e3 is "1000", as the Node server has it
    } else {
      throw new Refusal(Reason.BAD_USER_NAME, "exit_room needs the name of the one sent out");
    }
    Integer memberCount = memberCount(payload.get("mem_cnt"));
    requireIn(room);
    Identity identity = connection.identity();
    boolean moderator = identity != null && identity.moderator();
    if (moderator && removed.key().equals(name.key())) {
      throw new Refusal(Reason.KICK_SELF, "you cannot remove yourself; emit leave_room instead");
    }
    rooms.announce(
        connection, name, room, new Announcement(Announcement.Kind.REMOVAL, removed, less(memberCount)), null);
    if (moderator) {
      rooms.kick(connection, name, room, removed, null, null);
    }
  }

  private void requireIn(RoomKey target) {
    if (!connection.rooms().contains(target)) {
      throw new Refusal(Reason.NOT_MEMBER, "you are not in room \"" + target + "\"; emit join_room first");
    }
  }

  /** The room a payload names with {@code idx} (the React pages), else the socket's room. */
  private RoomKey roomOf(JsonObject payload) {
    JsonValue idx = payload.get("idx");
    if (idx == null || idx == JsonValue.NULL) {
      return room;
    }
    if (idx instanceof JsonString string) {
      return new RoomKey(string.getString());
    }
    Long whole = idx instanceof JsonNumber number ? whole(number) : null;
    if (whole != null) {
      return new RoomKey(whole.toString());
    }
    throw new Refusal(Reason.BAD_ROOM_KEY, "idx must be the room's number or key");
  }

  /** The event's object argument; a missing one counts as empty, anything else is refused. */
  private static JsonObject object(SocketEvent event) {
    JsonValue first = event.firstArg();
    if (first == null || first == JsonValue.NULL) {
      return JsonValue.EMPTY_JSON_OBJECT;
    }
    if (first instanceof JsonObject object) {
      return object;
    }
    throw new Refusal(Reason.NOT_OBJECT, event.name() + " takes an object argument");
  }

  private static int entryType(JsonValue type) {
    if (type instanceof JsonNumber number
        && (number.bigDecimalValue().compareTo(java.math.BigDecimal.ZERO) == 0
            || number.bigDecimalValue().compareTo(java.math.BigDecimal.ONE) == 0)) {
      return number.bigDecimalValue().intValue();
    }
    if (type instanceof JsonString string && (string.getString().equals("0") || string.getString().equals("1"))) {
      return Integer.parseInt(string.getString());
    }
    throw new Refusal(Reason.BAD_TYPE, "type must be 0 (first entry) or 1 (returning entry)");
  }

  /**
   * A JSON number's value when it is a whole number of at most 18 digits, however it is written ({@code 7},
   * {@code 7.0}, {@code 7e0}, {@code 0.7e1}: JavaScript's one number), else null.
   */
  private static Long whole(JsonNumber number) {
    BigDecimal value = number.bigDecimalValue();
    if (value.signum() == 0) {
      return 0L;
    }
    if ((long) value.precision() - value.scale() > 18) {
      return null;
    }
    try {
      return value.longValueExact();
    } catch (ArithmeticException fraction) {
      return null;
    }
  }

  /** The site's member count a page reports ({@code mem_cnt}), or null when it gives none. */
  private static Integer memberCount(JsonValue count) {
    if (count == null || count == JsonValue.NULL) {
      return null;
    }
    Long number = count instanceof JsonNumber given ? whole(given) : null;
    if (number != null && number >= 0 && number <= MAX_MEMBER_COUNT) {
      return number.intValue();
    }
    if (count instanceof JsonString string && string.getString().matches("[0-9]{1,7}")) {
      int value = Integer.parseInt(string.getString());
      if (value <= MAX_MEMBER_COUNT) {
        return value;
      }
    }
    throw new Refusal(Reason.BAD_MEMBER_COUNT, "mem_cnt must be a whole number from 0 to " + MAX_MEMBER_COUNT);
  }

  /** The site's count once someone is gone, as the seed server figured it ({@code mem_cnt - 1}). */
  private static Integer less(Integer memberCount) {
    return memberCount == null ? null : Math.max(0, memberCount - 1);
  }
}
