package dev.socketchat.protocol;

import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomName;
import dev.socketchat.domain.SessionResume;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Objects;

/**
 * One frame from a {@code /chat} client. A frame of a known type arrives as a {@link Request}, which the connection
 * reads in its own {@link Dialect} into one of the request records, its fields turned into domain values. Frames that
 * cannot be read are messages too ({@link Invalid}, {@link Unreadable}), so every frame gets an answer and nothing is
 * thrown.
 *
 * <p>{@code tag} is the request's {@code requestId} as JSON text (a string or a number), or null; replies echo it. A
 * null {@code userName} or {@code roomId} in a request record means "the connection's own", which only the app dialect
 * leaves out.
 */
public sealed interface ClientMessage {

  /** One method per message, so the compiler tells the endpoint when a new message type is not handled. */
  interface Handler {
    void create(CreateRoom request);

    void delete(DeleteRoom request);

    void join(JoinRoom request);

    void exit(ExitRoom request);

    void chat(SendChat request);

    void list(ListRooms request);

    void subscribeLobby(SubscribeLobby request);

    void unsubscribeLobby(UnsubscribeLobby request);

    void history(RoomHistory request);

    void resume(ResumeSession request);

    void kick(KickMember request);

    void authenticate(Authenticate request);

    void setName(SetName request);

    void getRooms(GetRooms request);

    void invalid(Invalid message);

    void unreadable(Unreadable message);
  }

  /** Hands this message to the handler's method for its type. */
  void accept(Handler handler);

  /** The request's {@code requestId} as JSON text, or null. */
  String tag();

  /** The request type, or null for a frame whose type could not be read. */
  RequestType type();

  /** The room the request is about, or null when it names none (or names it badly). */
  default RoomId roomId() {
    return null;
  }

  /** This message as a connection of the given dialect reads it; only a {@link Request} still needs reading. */
  default ClientMessage readAs(Dialect dialect) {
    return this;
  }

  /** A frame of a known type and a readable {@code requestId}, its fields not yet read. */
  record Request(String tag, RequestType type, JsonObject body) implements ClientMessage {
    public Request {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(body, "body");
    }

    @Override
    public ClientMessage readAs(Dialect dialect) {
      return ClientMessageReader.request(type, body, tag, dialect);
    }

    @Override
    public void accept(Handler handler) {
      throw new IllegalStateException("a request is read in its connection's dialect before it is handled");
    }
  }

  /** {@code CLIENT_ROOM_CREATE}: create a room and own it. */
  record CreateRoom(String tag, Nickname userName, RoomName roomName) implements ClientMessage {
    public CreateRoom {
      Objects.requireNonNull(roomName, "roomName");
    }

    @Override
    public void accept(Handler handler) {
      handler.create(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_ROOM_CREATE;
    }
  }

  /**
   * {@code CLIENT_ROOM_HISTORY} (an extension): a page of a room's kept chat, the latest {@code limit} messages
   * numbered below {@code before} ({@link Long#MAX_VALUE} when the request gives none: the latest).
   */
  record RoomHistory(String tag, RoomId roomId, long before, int limit) implements ClientMessage {
    /** The page size when the request gives none. */
    public static final int DEFAULT_LIMIT = 50;

    public RoomHistory {
      Objects.requireNonNull(roomId, "roomId");
    }

    @Override
    public void accept(Handler handler) {
      handler.history(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_ROOM_HISTORY;
    }
  }

  /**
   * {@code CLIENT_SESSION_RESUME} (an extension): take over a dropped connection's session, catching up on each
   * listed room from after the last event the client received there.
   */
  record ResumeSession(String tag, String session, List<SessionResume.Mark> rooms) implements ClientMessage {
    /** The most rooms one resume lists. */
    public static final int MAX_ROOMS = 100;

    public ResumeSession {
      Objects.requireNonNull(session, "session");
      rooms = List.copyOf(rooms);
    }

    @Override
    public void accept(Handler handler) {
      handler.resume(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_SESSION_RESUME;
    }
  }

  /**
   * {@code CLIENT_ROOM_KICK} (an extension): remove {@code target} from a room one owns (or any room, as a moderator)
   * and ban it from coming back; {@code note} is the request's optional {@code reason}, told to the members.
   */
  record KickMember(String tag, RoomId roomId, Nickname userName, Nickname target, MessageText note)
      implements ClientMessage {
    public KickMember {
      Objects.requireNonNull(roomId, "roomId");
      Objects.requireNonNull(target, "target");
    }

    @Override
    public void accept(Handler handler) {
      handler.kick(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_ROOM_KICK;
    }
  }

  /**
   * {@code CLIENT_AUTH} (an extension): sign in with the site's token, or extend the sign-in with a fresh one; the
   * token is checked by the endpoint, not here.
   */
  record Authenticate(String tag, String token) implements ClientMessage {
    public Authenticate {
      Objects.requireNonNull(token, "token");
    }

    @Override
    public void accept(Handler handler) {
      handler.authenticate(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_AUTH;
    }
  }

  /** {@code CLIENT_ROOM_DELETE}: delete a room one owns. */
  record DeleteRoom(String tag, RoomId roomId, Nickname userName) implements ClientMessage {
    @Override
    public void accept(Handler handler) {
      handler.delete(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_ROOM_DELETE;
    }
  }

  /** {@code CLIENT_ROOM_JOIN}: join a room. */
  record JoinRoom(String tag, RoomId roomId, Nickname userName) implements ClientMessage {
    public JoinRoom {
      Objects.requireNonNull(roomId, "roomId");
    }

    @Override
    public void accept(Handler handler) {
      handler.join(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_ROOM_JOIN;
    }
  }

  /** {@code CLIENT_ROOM_EXIT}: leave a room (the owner leaving deletes it). */
  record ExitRoom(String tag, RoomId roomId, Nickname userName) implements ClientMessage {
    @Override
    public void accept(Handler handler) {
      handler.exit(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_ROOM_EXIT;
    }
  }

  /** {@code CLIENT_CHAT_SEND}: say something in a room. */
  record SendChat(String tag, RoomId roomId, Nickname userName, MessageText message) implements ClientMessage {
    public SendChat {
      Objects.requireNonNull(message, "message");
    }

    @Override
    public void accept(Handler handler) {
      handler.chat(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_CHAT_SEND;
    }
  }

  /**
   * {@code CLIENT_ROOM_LIST}: list the rooms (README form); {@code after} (an extension) lists those numbered above it.
   */
  record ListRooms(String tag, RoomId after) implements ClientMessage {
    public ListRooms(String tag) {
      this(tag, null);
    }

    @Override
    public void accept(Handler handler) {
      handler.list(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_ROOM_LIST;
    }
  }

  /** {@code CLIENT_LOBBY_SUBSCRIBE} (an extension): the room list now, and its changes pushed from then on. */
  record SubscribeLobby(String tag) implements ClientMessage {
    @Override
    public void accept(Handler handler) {
      handler.subscribeLobby(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_LOBBY_SUBSCRIBE;
    }
  }

  /** {@code CLIENT_LOBBY_UNSUBSCRIBE} (an extension): no more pushed changes of the room list. */
  record UnsubscribeLobby(String tag) implements ClientMessage {
    @Override
    public void accept(Handler handler) {
      handler.unsubscribeLobby(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_LOBBY_UNSUBSCRIBE;
    }
  }

  /** {@code CLIENT_NAME_SET}: the name this connection speaks as from now on (the app dialect begins with it). */
  record SetName(String tag, Nickname userName) implements ClientMessage {
    public SetName {
      Objects.requireNonNull(userName, "userName");
    }

    @Override
    public void accept(Handler handler) {
      handler.setName(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_NAME_SET;
    }
  }

  /** {@code CLIENT_ROOM_GET}: list the rooms (app form). */
  record GetRooms(String tag) implements ClientMessage {
    @Override
    public void accept(Handler handler) {
      handler.getRooms(this);
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_ROOM_GET;
    }
  }

  /** A request of a known type whose fields are missing or wrong; answered with that type's failure reply. */
  record Invalid(String tag, RequestType type, RoomId roomId, Reason reason, String detail) implements ClientMessage {
    public Invalid {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public void accept(Handler handler) {
      handler.invalid(this);
    }
  }

  /** A frame that is not JSON, not an object, or of no known type; answered with {@code SERVER_ERROR}. */
  record Unreadable(String tag, Reason reason, String detail) implements ClientMessage {
    public Unreadable {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public void accept(Handler handler) {
      handler.unreadable(this);
    }

    @Override
    public RequestType type() {
      return null;
    }
  }
}
