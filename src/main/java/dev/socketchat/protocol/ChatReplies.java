package dev.socketchat.protocol;

import dev.socketchat.domain.ChatLine;
import dev.socketchat.domain.LobbyChange;
import dev.socketchat.domain.LobbyNews;
import dev.socketchat.domain.MessageText;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomEvent.Announced;
import dev.socketchat.domain.RoomEvent.ChatPosted;
import dev.socketchat.domain.RoomEvent.MemberJoined;
import dev.socketchat.domain.RoomEvent.MemberKicked;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomSummary;
import dev.socketchat.domain.RoomView;
import dev.socketchat.protocol.ServerMessage.ChatSend;
import dev.socketchat.protocol.ServerMessage.HistoryMessage;
import dev.socketchat.protocol.ServerMessage.LobbyChanges;
import dev.socketchat.protocol.ServerMessage.LobbyEntry;
import dev.socketchat.protocol.ServerMessage.LobbyResync;
import dev.socketchat.protocol.ServerMessage.LobbySubscribe;
import dev.socketchat.protocol.ServerMessage.LobbyUnsubscribe;
import dev.socketchat.protocol.ServerMessage.RoomCreate;
import dev.socketchat.protocol.ServerMessage.RoomDelete;
import dev.socketchat.protocol.ServerMessage.RoomEntry;
import dev.socketchat.protocol.ServerMessage.RoomExit;
import dev.socketchat.protocol.ServerMessage.RoomHistory;
import dev.socketchat.protocol.ServerMessage.RoomJoin;
import dev.socketchat.protocol.ServerMessage.RoomKick;
import dev.socketchat.protocol.ServerMessage.RoomList;
import dev.socketchat.protocol.ServerMessage.ResumedRoom;
import dev.socketchat.protocol.ServerMessage.SessionResume;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * Turns room events, refusals, room lists and lobby changes into {@code /chat} replies, as records and as text frames.
 */
public final class ChatReplies {

  /** Renders an event as every member but its origin sees it; null when members are not told. */
  public static final Function<RoomEvent, String> MEMBER_FRAMES = event -> encode(forMembers(event));

  /** A history line's message and its JSON text, rendered once per kept line. */
  private record RenderedLine(HistoryMessage message, String json) {}

  // one instance: a line keeps its rendering for the renderer that made it
  private static final Function<ChatLine, RenderedLine> RENDERED_LINE = ChatReplies::render;

  private ChatReplies() {}

  /** The event as the connection that caused it sees it: its reply, echoing its requestId; null if none. */
  public static ServerMessage forOrigin(RoomEvent event) {
    return forOrigin(event, null);
  }

  /**
   * The event as the connection that caused it sees it, its create or join reply carrying the connection's session
   * token (when not null).
   */
  public static ServerMessage forOrigin(RoomEvent event, String session) {
    return event.accept(new OriginReply(requestId(event.origin().tag()), session));
  }

  /** The event as the other members of its room see it; null when they are not told. */
  public static ServerMessage forMembers(RoomEvent event) {
    return event.accept(MEMBER_NOTICES);
  }

  /** The replies to the connection whose request caused the event. */
  private record OriginReply(JsonValue requestId, String session) implements RoomEvent.Visitor<ServerMessage> {
    @Override
    public ServerMessage roomCreated(RoomCreated created) {
      return new RoomCreate(
          true, created.room().value(), created.name().value(), null, null, requestId, seq(created), session);
    }

    @Override
    public ServerMessage memberJoined(MemberJoined joined) {
      return joined.view() == null
          ? null
          : joinReply(
              joined,
              requestId,
              session,
              joined.view().history().stream().map(ChatReplies::historyMessage).toList());
    }

    @Override
    public ServerMessage memberLeft(MemberLeft left) {
      return left.room() instanceof RoomId id && !left.dropped()
          ? new RoomExit(true, id.value(), left.name().value(), null, null, requestId, seq(left))
          : null;
    }

    @Override
    public ServerMessage roomDeleted(RoomDeleted deleted) {
      if (deleted.dropped()) {
        return null;
      }
      return deleted.ownerLeft()
          ? new RoomExit(true, deleted.room().value(), deleted.owner().value(), null, null, requestId, seq(deleted))
          : new RoomDelete(true, deleted.room().value(), null, null, requestId, seq(deleted));
    }

    @Override
    public ServerMessage chatPosted(ChatPosted posted) {
      return chat(posted, requestId);
    }

    @Override
    public ServerMessage announced(Announced announced) {
      return null;
    }

    @Override
    public ServerMessage memberKicked(MemberKicked kicked) {
      return kick(kicked, requestId);
    }
  }

  /** The notices to every other member. */
  private static final RoomEvent.Visitor<ServerMessage> MEMBER_NOTICES =
      new RoomEvent.Visitor<>() {
        @Override
        public ServerMessage roomCreated(RoomCreated created) {
          return null;
        }

        @Override
        public ServerMessage memberJoined(MemberJoined joined) {
          return joined.room() instanceof RoomId id
              ? new RoomJoin(
                  true, id.value(), joined.name().value(), null, null, null, null, null, null, seq(joined), null, null)
              : null;
        }

        @Override
        public ServerMessage memberLeft(MemberLeft left) {
          return left.room() instanceof RoomId id
              ? new RoomExit(true, id.value(), left.name().value(), null, null, null, seq(left))
              : null;
        }

        @Override
        public ServerMessage roomDeleted(RoomDeleted deleted) {
          return new RoomDelete(true, deleted.room().value(), null, null, null, seq(deleted));
        }

        @Override
        public ServerMessage chatPosted(ChatPosted posted) {
          return chat(posted, null);
        }

        @Override
        public ServerMessage announced(Announced announced) {
          return null;
        }

        @Override
        public ServerMessage memberKicked(MemberKicked kicked) {
          return kick(kicked, null);
        }
      };

  /** The failure reply to a request of the given type: {@code status:false}, the reason, and the roomID if known. */
  public static ServerMessage failure(RequestType type, RoomId room, Reason reason, String detail, String tag) {
    Integer roomId = room == null ? null : room.value();
    String code = reason.name();
    JsonValue requestId = requestId(tag);
    return switch (type) {
      case CLIENT_ROOM_CREATE -> new RoomCreate(false, null, null, code, detail, requestId, null, null);
      case CLIENT_ROOM_DELETE -> new RoomDelete(false, roomId, code, detail, requestId, null);
      case CLIENT_ROOM_JOIN -> new RoomJoin(
          false, roomId, null, null, null, null, code, detail, requestId, null, null, null);
      case CLIENT_ROOM_EXIT -> new RoomExit(false, roomId, null, code, detail, requestId, null);
      case CLIENT_CHAT_SEND -> new ChatSend(false, roomId, null, null, null, code, detail, requestId, null);
      case CLIENT_ROOM_KICK -> new RoomKick(false, roomId, null, null, null, code, detail, requestId, null);
      case CLIENT_ROOM_HISTORY -> new RoomHistory(false, roomId, null, code, detail, requestId);
      case CLIENT_SESSION_RESUME -> new SessionResume(false, null, null, null, code, detail, requestId);
      case CLIENT_AUTH -> new ServerMessage.Auth(false, null, null, null, code, detail, requestId);
      case CLIENT_ROOM_LIST -> new RoomList(false, null, null, code, detail, requestId);
      case CLIENT_LOBBY_SUBSCRIBE -> new LobbySubscribe(false, null, null, code, detail, requestId);
      case CLIENT_LOBBY_UNSUBSCRIBE -> new LobbyUnsubscribe(false, code, detail, requestId);
      case CLIENT_NAME_SET, CLIENT_ROOM_GET -> throw new IllegalArgumentException(
          type + " belongs to the app dialect, whose replies AppReplies makes");
    };
  }

  /** The {@code SERVER_ERROR} reply to a frame that is not a readable request. */
  public static ServerMessage error(Reason reason, String detail, String tag) {
    return new ServerMessage.Error(false, reason.name(), detail, requestId(tag));
  }

  /**
   * The most rooms one list carries: even with the longest names it stays far below a connection's outbox limit.
   * A client asks for the next ones with {@code after}, the last number it got.
   */
  public static final int MAX_LISTED = 1000;

  /** The {@code SERVER_ROOM_LIST} reply: the first {@link #MAX_LISTED} rooms numbered above {@code after}. */
  public static ServerMessage roomList(List<RoomSummary> rooms, RoomId after, String tag) {
    List<RoomEntry> entries =
        rooms.stream()
            .filter(room -> after == null || room.id().value() > after.value())
            .limit(MAX_LISTED + 1L)
            .map(room -> new RoomEntry(room.id().value(), room.name().value(), room.owner().value(), room.members()))
            .toList();
    boolean more = entries.size() > MAX_LISTED;
    return new RoomList(
        true, more ? entries.subList(0, MAX_LISTED) : entries, more ? Boolean.TRUE : null, null, null, requestId(tag));
  }

  /** The {@code SERVER_ROOM_HISTORY} reply: a page of the room's kept chat, oldest first. */
  public static ServerMessage history(RoomId room, List<ChatLine> lines, String tag) {
    return new RoomHistory(
        true, room.value(), lines.stream().map(ChatReplies::historyMessage).toList(), null, null, requestId(tag));
  }

  /** {@link #history}'s reply as its text frame, the lines spliced in from their kept renderings. */
  public static String historyFrame(RoomId room, List<ChatLine> lines, String tag) {
    return withLines(
        encode(new RoomHistory(true, room.value(), null, null, null, requestId(tag))), "messages", lines);
  }

  /**
   * {@link #forOrigin(RoomEvent, String)}'s reply as its text frame, or null; a join's history is spliced in from its
   * lines' kept renderings, so a room's latest lines are rendered once, not once per joiner.
   */
  public static String originFrame(RoomEvent event, String session) {
    return event instanceof MemberJoined joined && joined.view() != null
        ? withLines(
            encode(joinReply(joined, requestId(event.origin().tag()), session, null)),
            "history",
            joined.view().history())
        : encode(forOrigin(event, session));
  }

  /** The joiner's {@code SERVER_ROOM_JOIN}, describing the room in the join's view; null history leaves it out. */
  private static RoomJoin joinReply(
      MemberJoined joined, JsonValue requestId, String session, List<HistoryMessage> history) {
    RoomView view = joined.view();
    return new RoomJoin(
        true,
        view.id().value(),
        joined.name().value(),
        view.name().value(),
        view.owner().value(),
        view.members().stream().map(Nickname::value).toList(),
        null,
        null,
        requestId,
        seq(joined),
        history,
        session);
  }

  /**
   * An object's JSON text with one more member, last: {@code key} and the lines as an array, each line as JSON-B
   * renders its {@link HistoryMessage} (the same text the object's own serialisation would hold), kept with the line.
   */
  private static String withLines(String object, String key, List<ChatLine> lines) {
    int end = object.length() - 1;
    if (end < 1 || object.charAt(end) != '}') {
      throw new IllegalStateException("JSON-B's output does not end its object where splicing expects: " + object);
    }
    StringBuilder frame = new StringBuilder(object.length() + key.length() + 8 + 128 * lines.size());
    frame.append(object, 0, end).append(",\"").append(key).append("\":[");
    for (int i = 0; i < lines.size(); i++) {
      if (i > 0) {
        frame.append(',');
      }
      frame.append(lines.get(i).rendered(RENDERED_LINE).json());
    }
    return frame.append("]}").toString();
  }

  /** The {@code SERVER_SESSION_RESUME} reply: the session resumed, and how each asked room came through. */
  public static ServerMessage resumed(dev.socketchat.domain.SessionResume.Result result, String tag) {
    return new SessionResume(
        true,
        result.session(),
        result.name().value(),
        result.rooms().stream()
            .map(
                room ->
                    new ResumedRoom(
                        room.room().value(), room.recovered(), room.recovered() ? null : room.refused().name()))
            .toList(),
        null,
        null,
        requestId(tag));
  }

  /** The {@code SERVER_AUTH} reply: the connection speaks as {@code userName} until {@code expiresAt}. */
  public static ServerMessage authenticated(
      Nickname userName, Instant expiresAt, boolean moderator, String tag) {
    return new ServerMessage.Auth(
        true, userName.value(), expiresAt.toString(), moderator ? Boolean.TRUE : null, null, null, requestId(tag));
  }

  /** The {@code SERVER_LOBBY_SUBSCRIBE} reply: the first rooms as {@link #roomList} gives them. */
  public static ServerMessage lobbySubscribed(List<RoomSummary> rooms, String tag) {
    RoomList list = (RoomList) roomList(rooms, null, tag);
    return new LobbySubscribe(true, list.rooms(), list.more(), null, null, list.requestId());
  }

  /** The {@code SERVER_LOBBY_UNSUBSCRIBE} reply. */
  public static ServerMessage lobbyUnsubscribed(String tag) {
    return new LobbyUnsubscribe(true, null, null, requestId(tag));
  }

  /** Renders a batch of lobby changes as {@code SERVER_LOBBY_CHANGE}. */
  public static final Function<LobbyNews, String> LOBBY_FRAMES =
      news -> encode(new LobbyChanges(true, news.changes().stream().map(ChatReplies::lobbyEntry).toList()));

  /** The pushed {@code SERVER_LOBBY_RESYNC}: the subscriber missed changes and is no longer subscribed. */
  public static final String LOBBY_RESYNC =
      encode(
          new LobbyResync(
              false, "MISSED_CHANGES", "changes to the room list were missed; subscribe again for a new list"));

  private static LobbyEntry lobbyEntry(LobbyChange change) {
    int room = change.room().value();
    return switch (change.kind()) {
      case CREATED -> new LobbyEntry(
          "created", room, change.name().value(), change.owner().value(), change.members());
      case MEMBERS -> new LobbyEntry("members", room, null, null, change.members());
      case DELETED -> new LobbyEntry("deleted", room, null, null, null);
    };
  }

  /** The message as a JSON text frame; null stays null. */
  public static String encode(ServerMessage message) {
    return message == null ? null : SharedJsonb.get().toJson(message);
  }

  /**
   * The reply to a kick or delete whose requester is not in the room (a moderator), so no event of the room reaches
   * it: the outcome without the event's number.
   */
  public static ServerMessage kickedFromOutside(
      RoomId room, Nickname target, Nickname by, MessageText note, String tag) {
    return new RoomKick(
        true,
        room.value(),
        target.value(),
        by.value(),
        note == null ? null : note.value(),
        null,
        null,
        requestId(tag),
        null);
  }

  /** {@code SERVER_ROOM_DELETE} for a moderator that deleted a room it is not in. */
  public static ServerMessage deletedFromOutside(RoomId room, String tag) {
    return new RoomDelete(true, room.value(), null, null, requestId(tag), null);
  }

  private static RoomKick kick(MemberKicked kicked, JsonValue requestId) {
    return kicked.room() instanceof RoomId id
        ? new RoomKick(
            true,
            id.value(),
            kicked.name().value(),
            kicked.by().value(),
            kicked.note(),
            null,
            null,
            requestId,
            seq(kicked))
        : null;
  }

  private static ChatSend chat(ChatPosted posted, JsonValue requestId) {
    return posted.room() instanceof RoomId id
        ? new ChatSend(
            true,
            id.value(),
            posted.name().value(),
            posted.text().value(),
            IsoTime.of(posted.time()),
            null,
            null,
            requestId,
            seq(posted))
        : null;
  }

  private static RenderedLine render(ChatLine line) {
    HistoryMessage message =
        new HistoryMessage(line.seq(), line.name().value(), line.text().value(), IsoTime.of(line.time()));
    return new RenderedLine(message, SharedJsonb.get().toJson(message));
  }

  private static HistoryMessage historyMessage(ChatLine line) {
    return line.rendered(RENDERED_LINE).message();
  }

  /** The event's number, or null (left out) for an event that has none. */
  private static Long seq(RoomEvent event) {
    return event.seq() == 0 ? null : event.seq();
  }

  /** A request's tag (its {@code requestId} as JSON text) as the JSON value replies echo; null stays null. */
  static JsonValue requestId(String tag) {
    return tag == null ? null : SharedJsonb.get().fromJson(tag, JsonValue.class);
  }
}
