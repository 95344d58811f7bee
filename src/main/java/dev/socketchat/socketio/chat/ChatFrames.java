package dev.socketchat.socketio.chat;

import dev.socketchat.config.Settings;
import dev.socketchat.domain.Announcement;
import dev.socketchat.domain.Broadcast;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomEvent.Announced;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.protocol.IsoTime;
import dev.socketchat.socketio.EnginePacket;
import dev.socketchat.socketio.PacketLog;
import dev.socketchat.socketio.SharedJson;
import dev.socketchat.socketio.SocketIoCodec;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * Renders the room events the Socket.IO chat shows as the seed chat server did: everything on {@code chatting}, a
 * first entry also on {@code join_room}. Messages carry {@code msg, name, type:"chat", time:"오후 03:15", view};
 * notices {@code msg, type:"notice", size}; both add {@code room} and an ISO-8601 {@code timestamp}. One instance per
 * namespace, so a {@code Broadcast} renders each event once for all its sockets. With a {@link PacketLog} (connection
 * state recovery) each rendered event is logged under its room, its offset going last in its arguments, as a string:
 * once, since open rooms have Socket.IO members only, and a broadcast to them is rendered with this renderer alone.
 * Across a cluster ({@code numbered}) nothing is logged here: an event's offsets come from its number {@code n} among
 * all the cluster's events, the same on every node, so that any node can tell what a socket missed after it; its last
 * packet's is {@code 2n}, an entry notice's first {@code 2n-1} (see {@link ClusterOffset}).
 */
final class ChatFrames implements Broadcast.Positioned<PacketLog.Entry> {
  private final String namespace;
  private final Settings.SocketIo texts;
  private final PacketLog log;
  private final boolean numbered;

  ChatFrames(String namespace, Settings.SocketIo texts) {
    this(namespace, texts, null);
  }

  /** Frames logged for recovery in {@code log}, or not when it is null. */
  ChatFrames(String namespace, Settings.SocketIo texts, PacketLog log) {
    this(namespace, texts, log, false);
  }

  /**
   * Frames logged for recovery in {@code log} (one node), or carrying their event's position as offset when {@code
   * numbered} (a cluster), or neither.
   */
  ChatFrames(String namespace, Settings.SocketIo texts, PacketLog log, boolean numbered) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.texts = Objects.requireNonNull(texts, "texts");
    this.log = log;
    this.numbered = numbered;
  }

  /** Whether offsets are the cluster's numbers of the events (recovery across nodes). */
  boolean numbered() {
    return numbered;
  }

  /** The room's name in the log: an open room's key. */
  static String room(RoomEvent event) {
    return event.room().toString();
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

  /**
   * The event's packets, logged under its offset when there is a log, or with its position as offset when numbered
   * (and the registry gave one); null when the chat shows nothing of it.
   */
  @Override
  public PacketLog.Entry apply(RoomEvent event, long position) {
    if (!shown(event)) {
      return null;
    }
    if (numbered && position > 0) {
      long last = ClusterOffset.lastOf(position);
      return new PacketLog.Entry(last, room(event), 0, event.accept(new Render(last - packets(event) + 1)));
    }
    if (log == null) {
      return new PacketLog.Entry(0, room(event), 0, event.accept(new Render()));
    }
    return log.append(room(event), packets(event), first -> event.accept(new Render(first)));
  }

  /** How many packets the chat shows of an event it shows: a first entry goes out on two events, all else on one. */
  private static int packets(RoomEvent event) {
    return event instanceof Announced announced && announced.announcement().kind() == Announcement.Kind.ENTRY ? 2 : 1;
  }

  /** Whether the chat shows the event: chat and notices; joins, exits and owned rooms' events are silent. */
  private static boolean shown(RoomEvent event) {
    return event instanceof ChatPosted || event instanceof Announced;
  }

  /** One event's packets, with an offset as last argument when there is one: one each, counting up from the first. */
  private final class Render implements RoomEvent.Visitor<List<EnginePacket>> {
    private long next;

    /** Packets without offsets. */
    Render() {
      this(0);
    }

    /** Packets whose offsets count up from {@code first} (none when it is 0). */
    Render(long first) {
      this.next = first;
    }

    private EnginePacket event(String name, JsonObject payload) {
      return next > 0
          ? SocketIoCodec.event(namespace, name, payload, SharedJson.get().createValue(Long.toString(next++)))
          : SocketIoCodec.event(namespace, name, payload);
    }

    @Override
    public List<EnginePacket> chatPosted(ChatPosted posted) {
      return List.of(
          event(
              "chatting",
              SharedJson.get().createObjectBuilder()
                  .add("msg", posted.text().value())
                  .add("name", posted.name().value())
                  .add("type", "chat")
                  .add("time", clock(posted.time(), texts.timeZone()))
                  .add("view", posted.members())
                  .add("room", posted.room().toString())
                  .add("timestamp", IsoTime.of(posted.time()))
                  .build()));
    }

    @Override
    public List<EnginePacket> announced(Announced announced) {
      JsonObject notice = notice(announced);
      return announced.announcement().kind() == Announcement.Kind.ENTRY
          ? List.of(event("chatting", notice), event("join_room", notice))
          : List.of(event("chatting", notice));
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

    /** A kick in an open room is told by the {@code exit_room} announcement that comes with it. */
    @Override
    public List<EnginePacket> memberKicked(RoomEvent.MemberKicked kicked) {
      return null;
    }
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
        .add("timestamp", IsoTime.of(announced.time()))
        .build();
  }
}
