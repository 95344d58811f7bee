package dev.socketchat.socketio.chat;

import dev.socketchat.domain.Announcement;
import dev.socketchat.domain.Connection;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomKey;
import dev.socketchat.domain.RoomManager;
import dev.socketchat.socketio.SocketEvent;
import dev.socketchat.socketio.SocketIoSocket;
import dev.socketchat.socketio.SocketListener;
import dev.socketchat.socketio.SharedJson;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * One chat page's socket: in its room from the moment it connects, it turns {@code join_room}, {@code chatting} and
 * {@code exit_room} into calls on the room engine and answers every ack with {@code {status}} (and {@code reason},
 * {@code detail} when refused). A dropped socket leaves its room silently.
 */
final class ChatSocket implements SocketListener {
  private static final System.Logger LOG = System.getLogger(ChatSocket.class.getName());

  private final RoomManager rooms;
  private final ChatFrames frames;
  private final SocketIoSocket socket;
  private final Nickname name;
  private final RoomKey room;
  private Connection connection;

  ChatSocket(RoomManager rooms, ChatFrames frames, SocketIoSocket socket, Nickname name, RoomKey room) {
    this.rooms = Objects.requireNonNull(rooms, "rooms");
    this.frames = Objects.requireNonNull(frames, "frames");
    this.socket = Objects.requireNonNull(socket, "socket");
    this.name = Objects.requireNonNull(name, "name");
    this.room = Objects.requireNonNull(room, "room");
  }

  @Override
  public void connected() {
    connection = rooms.connect(new SocketIoRecipient(socket, frames));
    try {
      rooms.enter(connection, name, room, null);
    } catch (Refusal refused) {
      LOG.log(System.Logger.Level.DEBUG, "socket {0} could not enter {1}: {2}", socket.id(), room, refused.detail());
      socket.disconnect();
    }
  }

  @Override
  public void event(SocketEvent event) {
    try {
      if (!event.attachments().isEmpty()) {
        throw new Refusal(Reason.BINARY_NOT_SUPPORTED, "the chat takes JSON only, no binary attachments");
      }
      switch (event.name()) {
        case "join_room" -> join(payload(event));
        case "chatting" -> chat(payload(event));
        case "exit_room" -> exit(payload(event));
        default -> throw new Refusal(Reason.UNKNOWN_TYPE, "unknown event \"" + clip(event.name()) + "\"");
      }
      if (event.wantsAck()) {
        event.ack(SharedJson.get().createObjectBuilder().add("status", true).build());
      }
    } catch (Refusal refused) {
      event.ack(
          SharedJson.get().createObjectBuilder()
              .add("status", false)
              .add("reason", refused.reason().name())
              .add("detail", refused.detail())
              .build());
    }
  }

  @Override
  public void disconnected(String reason) {
    if (connection != null) {
      rooms.disconnect(connection);
    }
  }

  /** {@code join_room {msg, type}}: back into the room if it had left; type 0 (first entry) is announced. */
  private void join(JsonObject payload) {
    int type = entryType(payload.get("type"));
    String note = note(payload.get("msg"));
    if (!inRoom()) {
      rooms.enter(connection, name, room, null);
    }
    if (type == 0) {
      rooms.announce(connection, name, room, new Announcement(Announcement.Kind.ENTRY, 0, note), null);
    }
  }

  /** {@code chatting {msg}}: to every member of the room, the sender included. */
  private void chat(JsonObject payload) {
    JsonValue msg = payload.get("msg");
    if (msg != null && !(msg instanceof JsonString)) {
      throw new Refusal(Reason.BAD_MESSAGE, "msg must be a string");
    }
    MessageText text = new MessageText(msg == null ? null : ((JsonString) msg).getString());
    rooms.say(connection, name, room, text, null);
  }

  /** {@code exit_room {msg}}: told to the others, then out of the room. */
  private void exit(JsonObject payload) {
    String note = note(payload.get("msg"));
    if (!inRoom()) {
      throw new Refusal(Reason.NOT_MEMBER, "you are not in room \"" + room + "\"");
    }
    rooms.announce(connection, name, room, new Announcement(Announcement.Kind.EXIT, 0, note), null);
    rooms.exit(connection, name, room, null);
  }

  private boolean inRoom() {
    return connection.rooms().contains(room);
  }

  /** The event's object argument; a missing one counts as empty, anything else is refused. */
  private static JsonObject payload(SocketEvent event) {
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
    if (type instanceof JsonNumber number && number.isIntegral() && (number.intValue() == 0 || number.intValue() == 1)) {
      return number.intValue();
    }
    if (type instanceof JsonString string && (string.getString().equals("0") || string.getString().equals("1"))) {
      return Integer.parseInt(string.getString());
    }
    throw new Refusal(Reason.BAD_TYPE, "type must be 0 (first entry) or 1 (returning entry)");
  }

  private static String note(JsonValue msg) {
    if (msg == null || msg == JsonValue.NULL) {
      return "";
    }
    if (msg instanceof JsonString string) {
      return string.getString();
    }
    throw new Refusal(Reason.BAD_MESSAGE, "msg must be a string");
  }

  private static String clip(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
