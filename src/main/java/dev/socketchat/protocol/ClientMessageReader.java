package dev.socketchat.protocol;

import dev.socketchat.domain.HistoryLimits;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomName;
import dev.socketchat.domain.SessionResume;
import dev.socketchat.protocol.ClientMessage.Authenticate;
import dev.socketchat.protocol.ClientMessage.CreateRoom;
import dev.socketchat.protocol.ClientMessage.DeleteRoom;
import dev.socketchat.protocol.ClientMessage.ExitRoom;
import dev.socketchat.protocol.ClientMessage.GetRooms;
import dev.socketchat.protocol.ClientMessage.Invalid;
import dev.socketchat.protocol.ClientMessage.JoinRoom;
import dev.socketchat.protocol.ClientMessage.KickMember;
import dev.socketchat.protocol.ClientMessage.ListRooms;
import dev.socketchat.protocol.ClientMessage.Request;
import dev.socketchat.protocol.ClientMessage.ResumeSession;
import dev.socketchat.protocol.ClientMessage.RoomHistory;
import dev.socketchat.protocol.ClientMessage.SendChat;
import dev.socketchat.protocol.ClientMessage.SetName;
import dev.socketchat.protocol.ClientMessage.SubscribeLobby;
import dev.socketchat.protocol.ClientMessage.Unreadable;
import dev.socketchat.protocol.ClientMessage.UnsubscribeLobby;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads one text frame into a {@link ClientMessage}; never throws, whatever the frame holds. The JSON, the {@code
 * type} and the {@code requestId} are read at once; the other fields once the connection's dialect is known.
 */
public final class ClientMessageReader {
  private static final JsonParserFactory PARSERS = Json.createParserFactory(java.util.Map.of());
  /** The longest {@code requestId} string echoed back, in characters. */
  public static final int MAX_REQUEST_ID_LENGTH = 128;

  private ClientMessageReader() {}

  public static ClientMessage read(String frame) {
    JsonValue json;
    try {
      json = whole(frame);
    } catch (RuntimeException e) { // JsonException and the parser's own (nesting too deep, numbers out of range)
      return new Unreadable(null, Reason.BAD_JSON, "the frame is not valid JSON");
    }
    if (json == null || json.getValueType() != JsonValue.ValueType.OBJECT) {
      return new Unreadable(null, Reason.NOT_OBJECT, "the frame must be a JSON object");
    }
    JsonObject object = json.asJsonObject();
    // a frame that names no request is told so (BAD_TYPE, UNKNOWN_TYPE) whatever its requestId, which it echoes when
    // it can; a bad requestId is the refusal of a request only
    String tag = null;
    Refusal badTag = null;
    try {
      tag = tag(object.get("requestId"));
    } catch (Refusal bad) {
      badTag = bad;
    }
    JsonValue typeValue = object.get("type");
    if (!(typeValue instanceof JsonString typeName)) {
      return new Unreadable(tag, Reason.BAD_TYPE, "the frame needs a \"type\" string");
    }
    if (!WellFormed.text(typeName.getString())) {
      return new Unreadable(tag, Reason.BAD_TYPE, "type holds a broken character (an unpaired surrogate)");
    }
    Optional<RequestType> type = RequestType.named(typeName.getString());
    if (type.isEmpty()) {
      return new Unreadable(
          tag, Reason.UNKNOWN_TYPE, "unknown type \"" + WellFormed.clip(typeName.getString(), 40) + "\"");
    }
    if (badTag != null) {
      return new Invalid(null, type.get(), null, badTag.reason(), badTag.detail());
    }
    return new Request(tag, type.get(), object);
  }

  /** Reads one text frame as a connection of the given dialect would: {@link #read(String)}, then its fields. */
  public static ClientMessage read(String frame, Dialect dialect) {
    return read(frame).readAs(dialect);
  }

  /** The frame's one JSON value; anything after it, as before it, makes the frame invalid JSON. */
  private static JsonValue whole(String frame) {
    try (JsonParser parser = PARSERS.createParser(new StringReader(frame))) {
      parser.next();
      JsonValue value = parser.getValue();
      if (parser.hasNext()) {
        throw new JsonException("text after the JSON value");
      }
      return value;
    }
  }

  /**
   * Reads a request's fields as a connection of the given dialect sends them. The README dialect requires {@code
   * userName} and {@code roomID} wherever its README does; the app dialect may leave both out (the connection's name
   * and room), and spells the room {@code roomId} (either spelling is read in both).
   */
  static ClientMessage request(RequestType type, JsonObject object, String tag, Dialect dialect) {
    boolean app = dialect == Dialect.APP;
    RoomId roomId = null;
    try {
      roomId =
          switch (type) {
            case CLIENT_ROOM_JOIN, CLIENT_ROOM_HISTORY, CLIENT_ROOM_KICK -> roomId(room(object));
            case CLIENT_ROOM_DELETE, CLIENT_ROOM_EXIT, CLIENT_CHAT_SEND -> app && room(object) == null
                ? null
                : roomId(room(object));
            case CLIENT_ROOM_CREATE,
                CLIENT_ROOM_LIST,
                CLIENT_LOBBY_SUBSCRIBE,
                CLIENT_LOBBY_UNSUBSCRIBE,
                CLIENT_SESSION_RESUME,
                CLIENT_AUTH,
                CLIENT_NAME_SET,
                CLIENT_ROOM_GET -> null;
          };
      ClientMessage read =
          switch (type) {
            case CLIENT_ROOM_CREATE -> {
              Nickname userName = userName(object, app);
              yield new CreateRoom(tag, userName, new RoomName(text(object, "roomName")));
            }
            case CLIENT_ROOM_DELETE -> new DeleteRoom(tag, roomId, userName(object, app));
            case CLIENT_ROOM_JOIN -> new JoinRoom(tag, roomId, userName(object, app));
            case CLIENT_ROOM_EXIT -> new ExitRoom(tag, roomId, userName(object, app));
            case CLIENT_CHAT_SEND -> {
              Nickname userName = userName(object, app);
              yield new SendChat(tag, roomId, userName, new MessageText(text(object, "message")));
            }
            case CLIENT_ROOM_LIST -> new ListRooms(tag, after(object.get("after")));
            case CLIENT_LOBBY_SUBSCRIBE -> new SubscribeLobby(tag);
            case CLIENT_LOBBY_UNSUBSCRIBE -> new UnsubscribeLobby(tag);
            case CLIENT_ROOM_HISTORY -> new RoomHistory(
                tag, roomId, before(object.get("before")), limit(object.get("limit")));
            case CLIENT_SESSION_RESUME -> new ResumeSession(
                tag, session(object.get("session")), marks(object.get("rooms")));
            case CLIENT_ROOM_KICK -> {
              Nickname userName = userName(object, app);
              yield new KickMember(tag, roomId, userName, target(object), note(object));
            }
            case CLIENT_AUTH -> new Authenticate(tag, token(object.get("token")));
            case CLIENT_NAME_SET -> new SetName(tag, new Nickname(text(object, "userName")));
            case CLIENT_ROOM_GET -> new GetRooms(tag);
          };
      if (!WellFormed.json(object)) {
        throw new Refusal(Reason.BAD_JSON, "the request holds text that is not well-formed (an unpaired surrogate)");
      }
      return read;
    } catch (Refusal refused) {
      return new Invalid(tag, type, roomId, refused.reason(), refused.detail());
    }
  }

  /** The room field: {@code roomID} as the README spells it, else {@code roomId} as the app does; null when neither. */
  private static JsonValue room(JsonObject object) {
    for (String spelling : new String[] {"roomID", "roomId"}) {
      JsonValue value = object.get(spelling);
      if (value != null && value != JsonValue.NULL) {
        return value;
      }
    }
    return null;
  }

  /** The {@code after} field of a room list: the room number to list from (exclusive), or null for the first ones. */
  private static RoomId after(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    try {
      return roomId(value);
    } catch (Refusal bad) {
      throw new Refusal(Reason.BAD_ROOM_ID, "after must be a room number: " + bad.detail());
    }
  }

  /** The {@code before} field of a history request: an event number, {@link Long#MAX_VALUE} when absent. */
  private static long before(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return Long.MAX_VALUE;
    }
    if (value instanceof JsonNumber number && wholeNumber(number) && number.bigDecimalValue().signum() > 0) {
      return number.bigDecimalValue().longValue();
    }
    throw new Refusal(Reason.BAD_BEFORE, "before must be a positive event number (seq)");
  }

  /** The {@code limit} field of a history request: 1 to {@link HistoryLimits#MAX_PAGE}, the default when absent. */
  private static int limit(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return RoomHistory.DEFAULT_LIMIT;
    }
    if (value instanceof JsonNumber number
        && wholeNumber(number)
        && number.bigDecimalValue().signum() > 0
        && number.bigDecimalValue().compareTo(java.math.BigDecimal.valueOf(HistoryLimits.MAX_PAGE)) <= 0) {
      return number.bigDecimalValue().intValue();
    }
    throw new Refusal(Reason.BAD_LIMIT, "limit must be a whole number from 1 to " + HistoryLimits.MAX_PAGE);
  }

  /** The {@code token} field of a sign-in: a string (the verifier checks the rest). */
  private static String token(JsonValue value) {
    if (value instanceof JsonString string && !string.getString().isEmpty()) {
      return string.getString();
    }
    throw new Refusal(Reason.BAD_TOKEN, "token must be the site's token as a string");
  }

  /** The {@code session} field of a resume: a token as the server hands them out (URL-safe, at most 64 characters). */
  private static String session(JsonValue value) {
    if (value instanceof JsonString string && string.getString().matches("[A-Za-z0-9_-]{1,64}")) {
      return string.getString();
    }
    throw new Refusal(Reason.BAD_SESSION, "session must be the token of a create or join reply");
  }

  /**
   * The {@code rooms} field of a resume: at most {@link ResumeSession#MAX_ROOMS} objects {@code {roomID, seq}}, seq
   * being the last event number received there (0 for none); absent means none.
   */
  private static List<SessionResume.Mark> marks(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      return List.of();
    }
    if (!(value instanceof JsonArray array) || array.size() > ResumeSession.MAX_ROOMS) {
      throw new Refusal(
          Reason.BAD_ROOMS, "rooms must be an array of at most " + ResumeSession.MAX_ROOMS + " {roomID, seq} objects");
    }
    List<SessionResume.Mark> marks = new ArrayList<>();
    for (JsonValue entry : array) {
      if (!(entry instanceof JsonObject room)) {
        throw new Refusal(Reason.BAD_ROOMS, "each of rooms must be an object {roomID, seq}");
      }
      JsonValue seq = room.get("seq");
      if (!(seq instanceof JsonNumber number && wholeNumber(number) && number.bigDecimalValue().signum() >= 0)) {
        throw new Refusal(Reason.BAD_SEQ, "seq must be the last event number received in the room (0 for none)");
      }
      marks.add(new SessionResume.Mark(roomId(room(room)), number.bigDecimalValue().longValue()));
    }
    return marks;
  }

  /** The {@code target} field of a kick: the nickname of the member to remove. */
  private static Nickname target(JsonObject object) {
    JsonValue value = object.get("target");
    if (!(value instanceof JsonString string)) {
      throw new Refusal(Reason.BAD_USER_NAME, "target must be the nickname of the member to remove");
    }
    try {
      return new Nickname(string.getString());
    } catch (Refusal bad) {
      throw new Refusal(Reason.BAD_USER_NAME, "target: " + bad.detail());
    }
  }

  /** The optional {@code reason} field of a kick: text as a chat message takes it, null when absent. */
  private static MessageText note(JsonObject object) {
    JsonValue value = object.get("reason");
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (!(value instanceof JsonString string)) {
      throw new Refusal(Reason.BAD_MESSAGE, "reason must be a string");
    }
    try {
      return new MessageText(string.getString());
    } catch (Refusal bad) {
      throw new Refusal(Reason.BAD_MESSAGE, "reason: " + bad.detail());
    }
  }

  /** The {@code userName} field; the app dialect may leave it out (null: the name the connection set). */
  private static Nickname userName(JsonObject object, boolean optional) {
    String value = text(object, "userName");
    return value == null && optional ? null : new Nickname(value);
  }

  /** A string field's value, null when absent (the value object then refuses it), refused when not a string. */
  private static String text(JsonObject object, String field) {
    JsonValue value = object.get(field);
    if (value == null || value == JsonValue.NULL) {
      return null;
    }
    if (value instanceof JsonString string) {
      return string.getString();
    }
    Reason reason =
        switch (field) {
          case "userName" -> Reason.BAD_USER_NAME;
          case "roomName" -> Reason.BAD_ROOM_NAME;
          default -> Reason.BAD_MESSAGE;
        };
    throw new Refusal(reason, field + " must be a string");
  }

  /** How many characters (code points) a text has, as every length limit counts them: an emoji is one. */
  private static int characters(String text) {
    return text.codePointCount(0, text.length());
  }

  /** A room number: a JSON integer, or a string of digits as some clients send it. */
  private static RoomId roomId(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      throw new Refusal(Reason.BAD_ROOM_ID, "roomID is required");
    }
    try {
      if (value instanceof JsonNumber number && wholeNumber(number)) {
        return new RoomId(number.bigDecimalValue().intValueExact());
      }
      if (value instanceof JsonString string && string.getString().matches("[0-9]{1,10}")) {
        return new RoomId(Integer.parseInt(string.getString()));
      }
    } catch (ArithmeticException | NumberFormatException tooBig) {
      throw new Refusal(Reason.BAD_ROOM_ID, "roomID is out of range");
    }
    throw new Refusal(Reason.BAD_ROOM_ID, "roomID must be a positive integer");
  }

  /** Whether the number is a whole one however it is written ({@code 5}, {@code 5.0}, {@code 5e0}), within reason. */
  private static boolean wholeNumber(JsonNumber number) {
    java.math.BigDecimal value = number.bigDecimalValue();
    // the digits and exponent of a huge number are refused before anything computes with them (in long: an int
    // overflows for an exponent near 2^31, and 1e2147483647 passed for a small number)
    return (long) value.precision() - value.scale() <= 11 && value.stripTrailingZeros().scale() <= 0;
  }

  /**
   * Whether a number as the reply would write it can be read again: {@code 12e2147483647} parses, but is written
   * {@code 1.2E+2147483648}, an exponent no JSON reader (the server's own, echoing it) takes.
   */
  private static boolean readsBack(String number) {
    try {
      new java.math.BigDecimal(number);
      return true;
    } catch (NumberFormatException overflow) {
      return false;
    }
  }

  private static String tag(JsonValue requestId) {
    if (requestId == null || requestId == JsonValue.NULL) {
      return null;
    }
    if (requestId instanceof JsonString string && !WellFormed.text(string.getString())) {
      throw new Refusal(Reason.BAD_REQUEST_ID, "requestId holds a broken character (an unpaired surrogate)");
    }
    if (requestId instanceof JsonString string && characters(string.getString()) <= MAX_REQUEST_ID_LENGTH) {
      return requestId.toString();
    }
    if (requestId instanceof JsonNumber number
        && number.toString().length() <= MAX_REQUEST_ID_LENGTH
        && readsBack(number.toString())) {
      return number.toString();
    }
    throw new Refusal(
        Reason.BAD_REQUEST_ID,
        "requestId must be a string of at most " + MAX_REQUEST_ID_LENGTH + " characters or a number");
  }
}
