package dev.socketchat.socketio.chat;

import dev.socketchat.domain.Announcement;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomEvent.Announced;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.socketio.EnginePacket;
import dev.socketchat.socketio.SocketIoCodec;
import dev.socketchat.socketio.SharedJson;
import java.util.Objects;
import java.util.function.Function;

/**
 * Renders the room events the Socket.IO chat shows as events of its namespace: {@code chatting}, {@code join_room}
 * and {@code exit_room}. Entering and leaving themselves are silent (pages reconnect on every navigation). One
 * instance per namespace, so a {@code Broadcast} renders each event once for all its sockets.
 */
final class ChatFrames implements Function<RoomEvent, EnginePacket> {
  private final String namespace;

  ChatFrames(String namespace) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /** Whether the member that caused the event is spared it (the one leaving does not hear its own goodbye). */
  static boolean skipsOrigin(RoomEvent event) {
    return event instanceof Announced announced && announced.announcement().kind() == Announcement.Kind.EXIT;
  }

  @Override
  public EnginePacket apply(RoomEvent event) {
    return switch (event.kind()) {
      case CHAT_POSTED -> {
        ChatPosted posted = (ChatPosted) event;
        yield SocketIoCodec.event(
            namespace,
            "chatting",
            SharedJson.get().createObjectBuilder()
                .add("name", posted.name().value())
                .add("room", posted.room().toString())
                .add("msg", posted.text().value())
                .add("time", posted.time().toString())
                .build());
      }
      case ANNOUNCED -> {
        Announced announced = (Announced) event;
        Announcement note = announced.announcement();
        var body =
            SharedJson.get().createObjectBuilder().add("name", announced.name().value()).add("room", announced.room().value());
        if (note.kind() == Announcement.Kind.ENTRY) {
          body.add("type", note.entryType());
        }
        body.add("msg", note.note()).add("time", announced.time().toString());
        yield SocketIoCodec.event(
            namespace, note.kind() == Announcement.Kind.ENTRY ? "join_room" : "exit_room", body.build());
      }
      case ROOM_CREATED, MEMBER_JOINED, MEMBER_LEFT, ROOM_DELETED -> null;
    };
  }
}
