package dev.socketchat.protocol;

import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomName;
import dev.socketchat.protocol.ClientMessage.CreateRoom;
import dev.socketchat.protocol.ClientMessage.DeleteRoom;
import dev.socketchat.protocol.ClientMessage.ExitRoom;
import dev.socketchat.protocol.ClientMessage.Invalid;
import dev.socketchat.protocol.ClientMessage.JoinRoom;
import dev.socketchat.protocol.ClientMessage.ListRooms;
import dev.socketchat.protocol.ClientMessage.SendChat;
import dev.socketchat.protocol.ClientMessage.Unreadable;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.JsonbException;
import java.util.Optional;

/** Reads one text frame into a {@link ClientMessage}; never throws, whatever the frame holds. */
public final class ClientMessageReader {
  /** The longest {@code requestId} string echoed back, in characters. */
  public static final int MAX_REQUEST_ID_LENGTH = 128;

  private ClientMessageReader() {}

  public static ClientMessage read(String frame) {
    JsonValue json;
    try {
      json = SharedJsonb.get().fromJson(frame, JsonValue.class);
    } catch (JsonbException | IllegalArgumentException | IllegalStateException | ArithmeticException e) {
      return new Unreadable(null, Reason.BAD_JSON, "the frame is not valid JSON");
    }
    if (json == null || json.getValueType() != JsonValue.ValueType.OBJECT) {
      return new Unreadable(null, Reason.NOT_OBJECT, "the frame must be a JSON object");
    }
    JsonObject object = json.asJsonObject();
    String tag;
    try {
      tag = tag(object.get("requestId"));
    } catch (Refusal bad) {
      return typeOf(object)
          .<ClientMessage>map(type -> new Invalid(null, type, null, bad.reason(), bad.detail()))
          .orElseGet(() -> new Unreadable(null, bad.reason(), bad.detail()));
    }
    JsonValue typeValue = object.get("type");
    if (!(typeValue instanceof JsonString typeName)) {
      return new Unreadable(tag, Reason.BAD_TYPE, "the frame needs a \"type\" string");
    }
    Optional<RequestType> type = RequestType.named(typeName.getString());
    if (type.isEmpty()) {
      return new Unreadable(tag, Reason.UNKNOWN_TYPE, "unknown type \"" + clip(typeName.getString()) + "\"");
    }
    return request(type.get(), object, tag);
  }

  private static Optional<RequestType> typeOf(JsonObject object) {
    return object.get("type") instanceof JsonString name ? RequestType.named(name.getString()) : Optional.empty();
  }

  private static ClientMessage request(RequestType type, JsonObject object, String tag) {
    RoomId roomId = null;
    try {
      if (type != RequestType.CLIENT_ROOM_CREATE && type != RequestType.CLIENT_ROOM_LIST) {
        roomId = roomId(object.get("roomID"));
      }
      return switch (type) {
        case CLIENT_ROOM_CREATE -> new CreateRoom(
            tag, new Nickname(text(object, "userName")), new RoomName(text(object, "roomName")));
        case CLIENT_ROOM_DELETE -> new DeleteRoom(tag, roomId, new Nickname(text(object, "userName")));
        case CLIENT_ROOM_JOIN -> new JoinRoom(tag, roomId, new Nickname(text(object, "userName")));
        case CLIENT_ROOM_EXIT -> new ExitRoom(tag, roomId, new Nickname(text(object, "userName")));
        case CLIENT_CHAT_SEND -> new SendChat(
            tag, roomId, new Nickname(text(object, "userName")), new MessageText(text(object, "message")));
        case CLIENT_ROOM_LIST -> new ListRooms(tag);
      };
    } catch (Refusal refused) {
      return new Invalid(tag, type, roomId, refused.reason(), refused.detail());
    }
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

  /** A room number: a JSON integer, or a string of digits as some clients send it. */
  private static RoomId roomId(JsonValue value) {
    if (value == null || value == JsonValue.NULL) {
      throw new Refusal(Reason.BAD_ROOM_ID, "roomID is required");
    }
    try {
      if (value instanceof JsonNumber number && number.isIntegral()) {
        return new RoomId(number.intValueExact());
      }
      if (value instanceof JsonString string && string.getString().matches("[0-9]{1,10}")) {
        return new RoomId(Integer.parseInt(string.getString()));
      }
    } catch (ArithmeticException | NumberFormatException tooBig) {
      throw new Refusal(Reason.BAD_ROOM_ID, "roomID is out of range");
    }
    throw new Refusal(Reason.BAD_ROOM_ID, "roomID must be a positive integer");
  }

  private static String tag(JsonValue requestId) {
    if (requestId == null || requestId == JsonValue.NULL) {
      return null;
    }
    if (requestId instanceof JsonString string && string.getString().length() <= MAX_REQUEST_ID_LENGTH) {
      return requestId.toString();
    }
    if (requestId instanceof JsonNumber number && number.toString().length() <= MAX_REQUEST_ID_LENGTH) {
      return number.toString();
    }
    throw new Refusal(
        Reason.BAD_REQUEST_ID,
        "requestId must be a string of at most " + MAX_REQUEST_ID_LENGTH + " characters or a number");
  }

  private static String clip(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
