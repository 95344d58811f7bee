package dev.socketchat.socketio.chat;

import dev.socketchat.config.Settings;
import dev.socketchat.domain.Announcement;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomEvent.Announced;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.socketio.EnginePacket;
import dev.socketchat.socketio.SharedJson;
import dev.socketchat.socketio.SocketIoCodec;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Renders the room events the Socket.IO chat shows as the seed chat server did: everything on {@code chatting}, a
 * first entry also on {@code join_room}. Messages carry {@code msg, name, type:"chat", time:"오후 03:15", view};
 * notices {@code msg, type:"notice", size}; both add {@code room} and an ISO-8601 {@code timestamp}. One instance per
 * namespace, so a {@code Broadcast} renders each event once for all its sockets.
 */
final class ChatFrames implements Function<RoomEvent, List<EnginePacket>>, RoomEvent.Visitor<List<EnginePacket>> {
  private final String namespace;
  private final Settings.SocketIo texts;

  ChatFrames(String namespace, Settings.SocketIo texts) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.texts = Objects.requireNonNull(texts, "texts");
  }

  /** Whether the member that caused the event is spared it (the one leaving does not hear its own goodbye). */
  static boolean skipsOrigin(RoomEvent event) {
    return event instanceof Announced announced && announced.announcement().kind() == Announcement.Kind.LEAVE;
  }

  /** The seed server's clock: {@code 오전} or {@code 오후}, then the 12-hour {@code hh:mm}, in the given zone. */
  static String clock(Instant time, ZoneId zone) {
    LocalTime local = LocalTime.ofInstant(time, zone);
    int hour = local.getHour() % 12 == 0 ? 12 : local.getHour() % 12;
    int minute = local.getMinute();
    return (local.getHour() < 12 ? "오전 " : "오후 ")
        + (char) ('0' + hour / 10)
        + (char) ('0' + hour % 10)
        + ':'
        + (char) ('0' + minute / 10)
        + (char) ('0' + minute % 10);
  }

  @Override
  public List<EnginePacket> apply(RoomEvent event) {
    return event.accept(this);
  }

  @Override
  public List<EnginePacket> chatPosted(ChatPosted posted) {
    return List.of(
        SocketIoCodec.event(
            namespace,
            "chatting",
            SharedJson.get().createObjectBuilder()
                .add("msg", posted.text().value())
                .add("name", posted.name().value())
                .add("type", "chat")
                .add("time", clock(posted.time(), texts.timeZone()))
                .add("view", posted.members())
                .add("room", posted.room().toString())
                .add("timestamp", posted.time().toString())
                .build()));
  }

  @Override
  public List<EnginePacket> announced(Announced announced) {
    JsonObject notice = notice(announced);
    return announced.announcement().kind() == Announcement.Kind.ENTRY
        ? List.of(
            SocketIoCodec.event(namespace, "chatting", notice), SocketIoCodec.event(namespace, "join_room", notice))
        : List.of(SocketIoCodec.event(namespace, "chatting", notice));
  }

  /** Rooms of the {@code /chat} clients: never a Socket.IO page's. */
  @Override
  public List<EnginePacket> roomCreated(RoomEvent.RoomCreated created) {
    return null;
  }

  /** Entering is silent: pages reconnect on every navigation, and a first entry is announced by {@code join_room}. */
  @Override
  public List<EnginePacket> memberJoined(RoomEvent.MemberJoined joined) {
    return null;
  }

  /** Leaving is silent: {@code leave_room} announces it; a page that goes away just goes. */
  @Override
  public List<EnginePacket> memberLeft(RoomEvent.MemberLeft left) {
    return null;
  }

  @Override
  public List<EnginePacket> roomDeleted(RoomEvent.RoomDeleted deleted) {
    return null;
  }

  private JsonObject notice(Announced announced) {
    Announcement announcement = announced.announcement();
    String template =
        switch (announcement.kind()) {
          case ENTRY -> texts.entryNotice();
          case LEAVE -> texts.leaveNotice();
          case REMOVAL -> texts.removalNotice();
        };
    return SharedJson.get().createObjectBuilder()
        .add("msg", template.replace("{name}", announcement.subject().value()))
        .add("type", "notice")
        .add("size", announced.headcount())
        .add("name", announcement.subject().value())
        .add("room", announced.room().value())
        .add("timestamp", announced.time().toString())
        .build();
  }
}
