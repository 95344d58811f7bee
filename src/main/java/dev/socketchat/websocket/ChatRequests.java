package dev.socketchat.websocket;

import dev.socketchat.auth.TokenVerifier;
import dev.socketchat.auth.VerifiedToken;
import dev.socketchat.connection.AddressSlots;
import dev.socketchat.connection.Outbox;
import dev.socketchat.domain.Connection;
import dev.socketchat.domain.KickOutcome;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomManager;
import dev.socketchat.domain.RoomRef;
import dev.socketchat.metrics.CloseCause;
import dev.socketchat.metrics.Meters;
import dev.socketchat.protocol.AppReplies;
import dev.socketchat.protocol.ChatReplies;
import dev.socketchat.protocol.ClientMessage.Authenticate;
import dev.socketchat.protocol.ClientMessage.CreateRoom;
import dev.socketchat.protocol.ClientMessage.DeleteRoom;
import dev.socketchat.protocol.ClientMessage.ExitRoom;
import dev.socketchat.protocol.ClientMessage.GetRooms;
import dev.socketchat.protocol.ClientMessage.Invalid;
import dev.socketchat.protocol.ClientMessage.JoinRoom;
import dev.socketchat.protocol.ClientMessage.KickMember;
import dev.socketchat.protocol.ClientMessage.ListRooms;
import dev.socketchat.protocol.ClientMessage.ResumeSession;
import dev.socketchat.protocol.ClientMessage.RoomHistory;
import dev.socketchat.protocol.ClientMessage.SendChat;
import dev.socketchat.protocol.ClientMessage.SetName;
import dev.socketchat.protocol.ClientMessage.SubscribeLobby;
import dev.socketchat.protocol.ClientMessage.Unreadable;
import dev.socketchat.protocol.ClientMessage.UnsubscribeLobby;
import dev.socketchat.protocol.ClientMessage;
import dev.socketchat.protocol.Dialect;
import dev.socketchat.protocol.RequestType;
import jakarta.websocket.CloseReason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BiFunction;

/**
 * One {@code /chat} connection's requests, turned into calls on the room engine in the connection's dialect: refusals
 * are answered here, successful replies reach the client through the room events.
 *
 * <p>The app dialect fills in what its requests leave out (the name set with {@code CLIENT_NAME_SET}, the room the
 * connection is in) and keeps a connection in one room at a time: joining or creating a room first leaves the one it
 * is in.
 *
 * <p>With {@code socketchat.auth.mode} on, a token (the handshake's {@code access_token}, or {@code CLIENT_AUTH})
 * makes the connection speak as its identity until the token ends; then the connection is closed with 1008 {@code
 * TOKEN_EXPIRED}, unless a fresh token came first. With the mode {@code required}, every request before a token is
 * refused with {@code AUTH_REQUIRED}.
 */
final class ChatRequests implements ClientMessage.Handler {
  private static final System.Logger LOG = System.getLogger(ChatRequests.class.getName());

  private final RoomManager rooms;
  // the connection it speaks for; a resume swaps it for the resumed session's
  private volatile Connection connection;
  private final ChatRecipient recipient;
  private final Outbox outbox;
  private final Meters meters;
  private final TokenVerifier tokens;
  private final Clock clock;
  private final BiFunction<Runnable, Duration, ScheduledFuture<?>> timer;
  // the client address's slot, which leaves the connection's flood limits to the address's next connection
  private final AddressSlots.Slot slot;
  // the token the connection is signed in with, and the close it ends with; guarded by this
  private VerifiedToken token;
  private ScheduledFuture<?> end;
  private volatile boolean expired;

  ChatRequests(
      RoomManager rooms,
      Connection connection,
      ChatRecipient recipient,
      Outbox outbox,
      Meters meters,
      TokenVerifier tokens,
      Clock clock,
      BiFunction<Runnable, Duration, ScheduledFuture<?>> timer,
      AddressSlots.Slot slot) {
    this.rooms = Objects.requireNonNull(rooms, "rooms");
    this.slot = Objects.requireNonNull(slot, "slot");
    this.connection = Objects.requireNonNull(connection, "connection");
    this.recipient = Objects.requireNonNull(recipient, "recipient");
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.tokens = Objects.requireNonNull(tokens, "tokens");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timer = Objects.requireNonNull(timer, "timer");
  }

  /** Reads the message in the connection's dialect and handles it; a refusal is answered in that dialect. */
  void handle(ClientMessage message) {
    if (expired || endsNow() || outbox.finishing()) {
      return; // its close is on the way
    }
    Dialect dialect = recipient.dialect();
    ClientMessage request = message.readAs(dialect);
    long counted = connection.counted();
    if (request.type() == RequestType.CLIENT_AUTH && !tokens.enabled()) {
      // with auth off, the request is unknown exactly as before it existed
      meters.request("chat", Meters.OTHER_TYPE);
      refuseFrame(Reason.UNKNOWN_TYPE, "unknown type \"" + RequestType.CLIENT_AUTH + "\"", request.tag());
      return;
    }
    meters.request("chat", request.type() == null ? Meters.OTHER_TYPE : request.type().name());
    try {
      if (tokens.required()
          && connection.identity() == null
          && request.type() != null
          && request.type() != RequestType.CLIENT_AUTH) {
        throw new Refusal(Reason.AUTH_REQUIRED, "sign in first: send CLIENT_AUTH with the site's token");
      }
      if (request.type() == RequestType.CLIENT_SESSION_RESUME) {
        request.accept(this); // a new connection's own first request: it acts for no session yet
      } else if (!rooms.actFor(connection, recipient, () -> request.accept(this))) {
        LOG.log(System.Logger.Level.DEBUG, "{0}: a request after its session moved on is dropped", connection.id());
      }
    } catch (Refusal refusal) {
      Refusal refused = rooms.charge(connection, refusal, counted);
      outbox.send(dialect.failure(request.type(), request.roomId(), refused.reason(), refused.detail(), request.tag()));
      closeIfFlooding(refused);
    }
  }

  /**
   * Answers a binary frame, which the protocol has no use for; it is counted as a request of no type and costs one like
   * any refused one.
   */
  void binary() {
    if (expired || endsNow() || outbox.finishing()) {
      return; // its close is on the way
    }
    meters.request("chat", Meters.OTHER_TYPE);
    refuseFrame(Reason.BINARY_NOT_SUPPORTED, "send requests as JSON text frames", null);
  }

  /** Answers a frame that is no request with {@code SERVER_ERROR}; it costs a request like any refused one. */
  private void refuseFrame(Reason reason, String detail, String tag) {
    Refusal refused = rooms.charge(connection, new Refusal(reason, detail), connection.counted());
    outbox.send(ChatReplies.encode(ChatReplies.error(refused.reason(), refused.detail(), tag)));
    closeIfFlooding(refused);
  }

  private void closeIfFlooding(Refusal refused) {
    if (refused.reason() == Reason.RATE_LIMITED && connection.flooding()) {
      outbox.terminateAfterSending(
          CloseCause.RATE_LIMIT, CloseReason.CloseCodes.VIOLATED_POLICY, "flooding: refused too often in a row");
    }
  }

  @Override
  public void create(CreateRoom request) {
    Nickname name = speaker(request.userName());
    if (app()) {
      rooms.create(connection, name, request.roomName(), request.tag(), () -> leaveCurrentRoom(name));
    } else {
      rooms.create(connection, name, request.roomName(), request.tag());
    }
  }

  @Override
  public void delete(DeleteRoom request) {
    RoomId room = room(request.roomId());
    if (!rooms.delete(connection, speaker(request.userName()), room, request.tag())) {
      // a moderator's delete of a room it is not in (or was removed from meanwhile): no event of the room reaches
      // it, so it is answered here
      outbox.send(
          app()
              ? AppReplies.encode(AppReplies.deletedFromOutside(room, request.tag()))
              : ChatReplies.encode(ChatReplies.deletedFromOutside(room, request.tag())));
    }
  }

  @Override
  public void kick(KickMember request) {
    Nickname name = speaker(request.userName());
    KickOutcome outcome =
        rooms.kick(connection, name, request.roomId(), request.target(), request.note(), request.tag());
    if (!outcome.kickerInRoom()) {
      // a moderator's kick in a room it is not in (or was removed from meanwhile): no event of the room reaches it,
      // so it is answered here, with the member's name as the room knew it
      outbox.send(
          ChatReplies.encode(
              ChatReplies.kickedFromOutside(
                  request.roomId(), outcome.removed(), name, request.note(), request.tag())));
    }
  }

  @Override
  public void join(JoinRoom request) {
    Nickname name = speaker(request.userName());
    if (app()) {
      if (request.roomId().equals(currentRoom())) {
        rooms.rejoin(connection, name);
        outbox.send(AppReplies.encode(AppReplies.alreadyJoined(request.roomId(), request.tag())));
        return;
      }
      rooms.join(connection, name, request.roomId(), request.tag(), () -> leaveCurrentRoomFor(request.roomId(), name));
    } else {
      rooms.join(connection, name, request.roomId(), request.tag());
    }
  }

  @Override
  public void exit(ExitRoom request) {
    RoomId room = room(request.roomId()); // in no room: NOT_MEMBER, whether or not a name was set
    rooms.exit(connection, speaker(request.userName()), room, request.tag());
  }

  @Override
  public void chat(SendChat request) {
    RoomId room = room(request.roomId());
    rooms.say(connection, speaker(request.userName()), room, request.message(), request.tag());
  }

  @Override
  public void list(ListRooms request) {
    rooms.rooms(
        connection,
        listed -> outbox.send(ChatReplies.encode(ChatReplies.roomList(listed, request.after(), request.tag()))));
  }

  @Override
  public void subscribeLobby(SubscribeLobby request) {
    rooms.subscribeLobby(
        connection, listed -> outbox.send(ChatReplies.encode(ChatReplies.lobbySubscribed(listed, request.tag()))));
  }

  @Override
  public void unsubscribeLobby(UnsubscribeLobby request) {
    rooms.unsubscribeLobby(
        connection, () -> outbox.send(ChatReplies.encode(ChatReplies.lobbyUnsubscribed(request.tag()))));
  }

  @Override
  public void history(RoomHistory request) {
    outbox.send(
        ChatReplies.historyFrame(
            request.roomId(),
            rooms.history(connection, request.roomId(), request.before(), request.limit()),
            request.tag()));
  }

  @Override
  public void resume(ResumeSession request) {
    if (app()) {
      rooms.admitRequest(connection);
      throw new Refusal(
          Reason.NOT_FIRST_REQUEST,
          "this connection speaks the client dialect, which has no sessions: resume first thing on a new connection");
    }
    Connection before = connection;
    connection =
        rooms.resume(
            connection,
            request.session(),
            request.rooms(),
            result -> outbox.send(ChatReplies.encode(ChatReplies.resumed(result, request.tag()))));
    slot.adopt(connection.allowance(), before.allowance()); // the session's flood limits go on, not this connection's
  }

  @Override
  public void authenticate(Authenticate request) {
    rooms.admitRequest(connection); // before the signature is checked: a stream of tokens meets the limits too
    VerifiedToken verified = tokens.verify(request.token());
    signIn(verified);
    outbox.send(
        ChatReplies.encode(
            ChatReplies.authenticated(
                verified.identity().name(), verified.expiresAt(), verified.identity().moderator(), request.tag())));
  }

  /**
   * Makes the connection speak as the token's identity until the token ends (a later token extends it).
   *
   * @throws Refusal {@code USER_MISMATCH} when a connection in a room would change its user
   */
  void signIn(VerifiedToken verified) {
    rooms.identify(connection, verified.identity());
    Instant ends = tokens.endOf(verified);
    synchronized (this) {
      if (end != null) {
        end.cancel(false);
      }
      token = verified;
      end = timer.apply(() -> expire(verified), Duration.between(clock.instant(), ends));
    }
  }

  /** Whether the token the connection is signed in with has ended (the timer may run late); it is closed if so. */
  private boolean endsNow() {
    VerifiedToken current;
    synchronized (this) {
      current = token;
    }
    if (current == null || clock.instant().isBefore(tokens.endOf(current))) {
      return false;
    }
    expire(current);
    return true;
  }

  /**
   * Closes a connection whose token ended without a fresh one: 1008 {@code TOKEN_EXPIRED}. A README-dialect connection
   * with a session is suspended first, as a drop would be, so its client may resume it with a fresh token.
   */
  private void expire(VerifiedToken ended) {
    synchronized (this) {
      if (!ended.equals(token) || expired) {
        return; // a fresh token came first, or it is closing already
      }
      expired = true;
    }
    if (recipient.dialect() == Dialect.README) {
      rooms.lost(connection, recipient);
    }
    outbox.terminate(CloseCause.AUTH, CloseReason.CloseCodes.VIOLATED_POLICY, Reason.TOKEN_EXPIRED.name());
  }

  /** Stops the timer of the connection's sign-in, once it closed. */
  synchronized void closed() {
    if (end != null) {
      end.cancel(false);
    }
  }

  /** The connection these requests speak for now. */
  Connection connection() {
    return connection;
  }

  @Override
  public void setName(SetName request) {
    rooms.rename(connection, request.userName());
    speakApp(() -> outbox.send(AppReplies.encode(AppReplies.nameSet(request.tag()))));
  }

  @Override
  public void getRooms(GetRooms request) {
    if (app() || !connection.rooms().isEmpty()) {
      outbox.send(AppReplies.encode(AppReplies.roomList(rooms.rooms(connection), request.tag())));
      return;
    }
    rooms.admitRequest(connection); // a request refused for its rate switches nothing
    // in no room, it hears only of the lobby, which it follows before the list is read: a room created meanwhile is
    // in the list, or told after the switch, or both
    speakApp(() -> {});
    outbox.send(AppReplies.encode(AppReplies.roomList(rooms.rooms(), request.tag())));
  }

  @Override
  public void invalid(Invalid message) {
    throw new Refusal(message.reason(), message.detail());
  }

  @Override
  public void unreadable(Unreadable message) {
    refuseFrame(message.reason(), message.detail(), message.tag());
  }

  private boolean app() {
    return recipient.dialect() == Dialect.APP;
  }

  /**
   * Switches the connection to the app dialect, which has no sessions (one its README requests opened ends here) and
   * hears of new rooms while in no room, with what {@code reply} queues as the first frame in that dialect.
   */
  private void speakApp(Runnable reply) {
    if (app()) {
      reply.run();
      return;
    }
    rooms.endSession(connection);
    recipient.speakApp(
        () -> {
          rooms.watchLobby(connection);
          reply.run();
        });
  }

  /** The name a request speaks as: the one it gives, else (app dialect) the one the connection set. */
  private Nickname speaker(Nickname given) {
    if (given != null) {
      return given;
    }
    Nickname set = connection.name();
    if (set == null) {
      throw new Refusal(Reason.BAD_USER_NAME, "userName is required; or set a name first with CLIENT_NAME_SET");
    }
    return set;
  }

  /** The room a request is about: the one it names, else (app dialect) the one the connection is in. */
  private RoomId room(RoomId given) {
    if (given != null) {
      return given;
    }
    RoomId current = currentRoom();
    if (current == null) {
      throw new Refusal(Reason.NOT_MEMBER, "you are in no room");
    }
    return current;
  }

  /** The owned room the connection is in, or null. */
  private RoomId currentRoom() {
    Set<RoomRef> in = connection.rooms();
    if (in.size() > 1) {
      throw new Refusal(
          Reason.BAD_ROOM_ID,
          "you are in "
              + in.size()
              + " rooms, and the client dialect is in one at a time: name the room with roomId (to create or join"
              + " one, leave all but one first)");
    }
    return in.isEmpty() ? null : (RoomId) in.iterator().next();
  }

  /**
   * Leaves the room the connection is in for a room it creates, exactly as {@code CLIENT_ROOM_EXIT} would (a host's
   * room ends), once the server has room for one more: a create refused {@code TOO_MANY_ROOMS} leaves it where it was.
   */
  private void leaveCurrentRoom(Nickname name) {
    RoomId current = currentRoom();
    if (current != null) {
      rooms.requireRoomToCreate(connection, current);
      rooms.exit(connection, name, current, null);
    }
  }

  /**
   * Leaves the room the connection is in for the room it joins, once that room is known to let it in: a mistyped
   * number ({@code NO_SUCH_ROOM}), a ban or a name taken there leaves the connection, and a room it hosts, where they
   * were.
   */
  private void leaveCurrentRoomFor(RoomId next, Nickname name) {
    RoomId current = currentRoom();
    if (current != null) {
      rooms.requireAdmission(connection, name, next);
      rooms.exit(connection, name, current, null);
    }
  }
}
