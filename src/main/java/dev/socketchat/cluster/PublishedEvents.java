package dev.socketchat.cluster;

import dev.socketchat.domain.Announcement;
import dev.socketchat.domain.ChatLine;
import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.Member;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomEvent.Announced;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberJoined;
import dev.socketchat.domain.RoomEvent.MemberKicked;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomKey;
import dev.socketchat.domain.RoomName;
import dev.socketchat.domain.RoomRef;
import dev.socketchat.domain.RoomView;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Reads the room events the Lua scripts publish (JSON made by {@code cjson}) back into {@link RoomEvent}s. */
final class PublishedEvents {

  /**
   * One published event with its place in the order of all events.
   *
   * @param epoch the data set it was published in (numbers start again when Redis lost its data)
   * @param seq its number, one more than the event published before it
   * @param bans for the nodes' journals, the ban entries of its room that a kick added, or that a session's move
   *     takes to the room's new node (see {@code Bans}); else none
   */
  record Published(String epoch, long seq, RoomEvent event, Move move, List<String> bans) {
    Published {
      bans = List.copyOf(bans);
    }

    Published(String epoch, long seq, RoomEvent event) {
      this(epoch, seq, event, null, List.of());
    }

    /**
     * Whether this is {@code ROOMS_RESTORED}: a node put rooms or members back after Redis lost its data, which no
     * room event told; it has neither an event nor a move.
     */
    boolean restored() {
      return event == null && move == null;
    }

    /** The room the event or move happened in (null for a move in no room, and for {@code ROOMS_RESTORED}). */
    RoomRef room() {
      return event != null ? event.room() : move != null ? move.room() : null;
    }
  }

  /**
   * A session taken over by another connection ({@code SESSION_MOVED}), for the nodes only: its old connection leaves
   * the room silently, the new one is seated there as {@code member}, with what the new node notes of the membership
   * (of an owned room; an open room's move, a Socket.IO socket's, has no joins, room name or owner). A session in none
   * of its rooms any more (they ended, or it was kicked from them) moves in no room ({@code room} null): its old
   * connection ends silently.
   */
  record Move(
      RoomRef room,
      ConnectionId from,
      Member member,
      long joins,
      RoomName roomName,
      Nickname ownerName,
      ConnectionId ownerConnection) {}

  private static final JsonReaderFactory READERS = Json.createReaderFactory(Map.of());

  private PublishedEvents() {}

  /**
   * The event a published message stands for.
   *
   * @throws RuntimeException when the message is not an event (JSON-P and value-object exceptions)
   */
  static Published read(String message) {
    JsonObject json;
    try (JsonReader reader = READERS.createReader(new StringReader(message))) {
      json = reader.readObject();
    }
    String epoch = json.getString("epoch");
    long seq = json.getJsonNumber("seq").longValueExact();
    String kind = json.getString("kind");
    if ("ROOMS_RESTORED".equals(kind)) {
      return new Published(epoch, seq, null, null, List.of());
    }
    boolean moved = "SESSION_MOVED".equals(kind);
    return new Published(epoch, seq, moved ? null : event(json), moved ? move(json) : null, bans(json));
  }

  /** The ban entries an event carries for the nodes' journals (an empty list arrives from Lua as {@code {}}). */
  private static List<String> bans(JsonObject json) {
    if (!(json.get("bans") instanceof JsonArray entries)) {
      return List.of();
    }
    return entries.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
  }

  /** A {@code SESSION_MOVED}: to an open room ({@code key}), an owned room ({@code id}, with its membership), or none. */
  private static Move move(JsonObject json) {
    ConnectionId from = new ConnectionId(json.getString("from"));
    Member member = new Member(new ConnectionId(json.getString("conn")), name(json));
    if (!json.containsKey("id")) {
      RoomRef room = json.containsKey("key") ? new RoomKey(json.getString("key")) : null;
      return new Move(room, from, member, 0, null, null, null);
    }
    return new Move(
        id(json),
        from,
        member,
        json.getJsonNumber("joins").longValueExact(),
        new RoomName(json.getString("roomName")),
        new Nickname(json.getString("owner")),
        new ConnectionId(json.getString("ownerConn")));
  }

  private static RoomEvent event(JsonObject json) {
    Origin origin =
        new Origin(new ConnectionId(json.getString("conn")), json.containsKey("tag") ? json.getString("tag") : null);
    RoomEvent.Kind kind = RoomEvent.Kind.valueOf(json.getString("kind"));
    long seq = json.containsKey("roomSeq") ? json.getJsonNumber("roomSeq").longValueExact() : 0;
    return switch (kind) {
      case ROOM_CREATED -> new RoomCreated(
          id(json), new RoomName(json.getString("roomName")), new Nickname(json.getString("owner")), origin, seq);
      case MEMBER_JOINED -> new MemberJoined(ref(json), name(json), view(json), origin, seq);
      case MEMBER_LEFT -> new MemberLeft(
          ref(json),
          name(json),
          json.getBoolean("dropped"),
          json.getInt("members", MemberLeft.UNKNOWN),
          origin,
          seq);
      case ROOM_DELETED -> new RoomDeleted(
          id(json),
          new Nickname(json.getString("owner")),
          json.getBoolean("ownerLeft"),
          json.getBoolean("dropped"),
          origin,
          seq);
      case CHAT_POSTED -> new ChatPosted(
          ref(json),
          name(json),
          new MessageText(json.getString("text")),
          json.getInt("members", 0),
          time(json),
          origin,
          seq);
      case MEMBER_KICKED -> new MemberKicked(
          ref(json),
          name(json),
          new ConnectionId(json.getString("target")),
          new Nickname(json.getString("by")),
          json.containsKey("note") ? json.getString("note") : null,
          json.getInt("members", 0),
          origin,
          seq);
      case ANNOUNCED -> new Announced(
          new RoomKey(json.getString("key")),
          name(json),
          announcement(json),
          json.getInt("members", 0),
          time(json),
          origin);
    };
  }

  /** What was announced; events of nodes before 0.2 name an entry or exit ({@code entry}) and no subject. */
  private static Announcement announcement(JsonObject json) {
    String what = json.getString("what", json.getString("entry", "ENTRY"));
    return new Announcement(
        Announcement.Kind.valueOf("EXIT".equals(what) ? "LEAVE" : what),
        new Nickname(json.getString("subject", json.getString("name"))),
        json.containsKey("siteCount") ? json.getInt("siteCount") : null);
  }

  private static RoomRef ref(JsonObject json) {
    return json.containsKey("id") ? id(json) : new RoomKey(json.getString("key"));
  }

  private static RoomId id(JsonObject json) {
    return new RoomId(json.getInt("id"));
  }

  private static Nickname name(JsonObject json) {
    return new Nickname(json.getString("name"));
  }

  private static Instant time(JsonObject json) {
    return Instant.parse(json.getString("time"));
  }

  /** The room as a newcomer to an owned room sees it; open rooms, and joins kept in a room's stream, have no view. */
  private static RoomView view(JsonObject json) {
    if (!json.containsKey("id") || !json.containsKey("members")) {
      return null;
    }
    return new RoomView(
        id(json),
        new RoomName(json.getString("roomName")),
        new Nickname(json.getString("owner")),
        json.getJsonArray("members").getValuesAs(JsonString.class).stream()
            .map(name -> new Nickname(name.getString()))
            .toList(),
        history(json.get("history")));
  }

  /** The room's latest chat as the joiner gets it; absent when the room has none. */
  private static List<ChatLine> history(JsonValue value) {
    if (!(value instanceof JsonArray lines)) {
      return List.of();
    }
    return lines.getValuesAs(JsonObject.class).stream()
        .map(
            line ->
                new ChatLine(
                    line.getJsonNumber("seq").longValueExact(),
                    new Nickname(line.getString("name")),
                    new MessageText(line.getString("text")),
                    Instant.parse(line.getString("time"))))
        .toList();
  }
}
