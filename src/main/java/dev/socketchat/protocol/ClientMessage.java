package dev.socketchat.protocol;

import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomName;
import java.util.Objects;

/**
 * One frame from a {@code /chat} client, already checked and turned into domain values. Frames that cannot be read
 * are messages too ({@link Invalid}, {@link Unreadable}), so every frame gets an answer and nothing is thrown.
 *
 * <p>{@code tag} is the request's {@code requestId} as JSON text (a string or a number), or null; replies echo it.
 */
public sealed interface ClientMessage {

  /** The kinds of message, one per record, so the endpoint can switch over them exhaustively. */
  enum Kind {
    CREATE_ROOM,
    DELETE_ROOM,
    JOIN_ROOM,
    EXIT_ROOM,
    SEND_CHAT,
    LIST_ROOMS,
    INVALID,
    UNREADABLE,
    OVERSIZED
  }

  Kind kind();

  /** The request's {@code requestId} as JSON text, or null. */
  String tag();

  /** The request type, or null for a frame whose type could not be read. */
  RequestType type();

  /** The room the request is about, or null when it names none (or names it badly). */
  default RoomId roomId() {
    return null;
  }

  /** {@code CLIENT_ROOM_CREATE}: create a room and own it. */
  record CreateRoom(String tag, Nickname userName, RoomName roomName) implements ClientMessage {
    public CreateRoom {
      Objects.requireNonNull(userName, "userName");
      Objects.requireNonNull(roomName, "roomName");
    }

    @Override
    public Kind kind() {
      return Kind.CREATE_ROOM;
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_ROOM_CREATE;
    }
  }

  /** {@code CLIENT_ROOM_DELETE}: delete a room one owns. */
  record DeleteRoom(String tag, RoomId roomId, Nickname userName) implements ClientMessage {
    public DeleteRoom {
      Objects.requireNonNull(roomId, "roomId");
      Objects.requireNonNull(userName, "userName");
    }

    @Override
    public Kind kind() {
      return Kind.DELETE_ROOM;
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
      Objects.requireNonNull(userName, "userName");
    }

    @Override
    public Kind kind() {
      return Kind.JOIN_ROOM;
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_ROOM_JOIN;
    }
  }

  /** {@code CLIENT_ROOM_EXIT}: leave a room (the owner leaving deletes it). */
  record ExitRoom(String tag, RoomId roomId, Nickname userName) implements ClientMessage {
    public ExitRoom {
      Objects.requireNonNull(roomId, "roomId");
      Objects.requireNonNull(userName, "userName");
    }

    @Override
    public Kind kind() {
      return Kind.EXIT_ROOM;
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_ROOM_EXIT;
    }
  }

  /** {@code CLIENT_CHAT_SEND}: say something in a room. */
  record SendChat(String tag, RoomId roomId, Nickname userName, MessageText message) implements ClientMessage {
    public SendChat {
      Objects.requireNonNull(roomId, "roomId");
      Objects.requireNonNull(userName, "userName");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public Kind kind() {
      return Kind.SEND_CHAT;
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_CHAT_SEND;
    }
  }

  /** {@code CLIENT_ROOM_LIST}: list the rooms. */
  record ListRooms(String tag) implements ClientMessage {
    @Override
    public Kind kind() {
      return Kind.LIST_ROOMS;
    }

    @Override
    public RequestType type() {
      return RequestType.CLIENT_ROOM_LIST;
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
    public Kind kind() {
      return Kind.INVALID;
    }
  }

  /** A frame that is not JSON, not an object, or of no known type; answered with {@code SERVER_ERROR}. */
  record Unreadable(String tag, Reason reason, String detail) implements ClientMessage {
    public Unreadable {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }

    @Override
    public Kind kind() {
      return Kind.UNREADABLE;
    }

    @Override
    public RequestType type() {
      return null;
    }
  }

  /**
   * A frame over the size limit, which the endpoint closes with 1009. Most containers enforce the limit before
   * decoding; this catches the ones that do not (Undertow 2.3.23 in WildFly 39 ignores {@code maxMessageSize}).
   */
  record Oversized(int limit) implements ClientMessage {
    @Override
    public Kind kind() {
      return Kind.OVERSIZED;
    }

    @Override
    public String tag() {
      return null;
    }

    @Override
    public RequestType type() {
      return null;
    }
  }
}
