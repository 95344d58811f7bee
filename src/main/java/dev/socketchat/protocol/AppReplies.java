package dev.socketchat.protocol;

import dev.socketchat.domain.Broadcast;
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
import dev.socketchat.protocol.AppMessage.BroadChatSend;
import dev.socketchat.protocol.AppMessage.BroadRoomCreate;
import dev.socketchat.protocol.AppMessage.BroadRoomDelete;
import dev.socketchat.protocol.AppMessage.BroadRoomExit;
import dev.socketchat.protocol.AppMessage.BroadRoomJoin;
import dev.socketchat.protocol.AppMessage.ChatSend;
import dev.socketchat.protocol.AppMessage.NameSet;
import dev.socketchat.protocol.AppMessage.RoomCreate;
import dev.socketchat.protocol.AppMessage.RoomDelete;
import dev.socketchat.protocol.AppMessage.RoomExit;
import dev.socketchat.protocol.AppMessage.RoomGet;
import dev.socketchat.protocol.AppMessage.RoomJoin;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.function.Function;

/** Turns room events, refusals and room lists into the frames of the {@linkplain Dialect#APP app dialect}. */
public final class AppReplies {

  /** Renders an event as members (and, for a new room, connections in no room) see it; null when not told. */
  public static final Function<RoomEvent, String> MEMBER_FRAMES =
      event ->
          event instanceof MemberKicked
              ? ChatReplies.MEMBER_FRAMES.apply(event) // the README's SERVER_ROOM_KICK: the app has no word of its own
              : encode(forMembers(event));

  /** Renders a room created or ended as a connection in the lobby sees it; null for anything else. */
  public static final Function<RoomEvent, String> LOBBY_FRAMES = AppReplies::forLobby;

  private AppReplies() {}

  /** The event as members other than its origin see it: a {@code BROAD_*} notice, or null. */
  public static AppMessage forMembers(RoomEvent event) {
    return event.accept(NOTICES);
  }

  private static String forLobby(RoomEvent event) {
    if (event instanceof RoomCreated created) {
      return encode(new BroadRoomCreate(created.room().value(), created.name().value()));
    }
    if (event instanceof RoomDeleted deleted) {
      return encode(new BroadRoomDelete(deleted.room().value()));
    }
    return null;
  }

  /**
   * The frames the connection that caused the event gets, in order: its reply, then, for a join, the notice every
   * member gets; its own message comes back as the members' notice, echoing its requestId if it gave one.
   */
  public static List<String> forOrigin(Broadcast broadcast) {
    return broadcast.event().accept(new OriginFrames(broadcast));
  }

  /** The {@code BROAD_*} notices; events of open rooms (Socket.IO's) are not the app's business. */
  private static final RoomEvent.Visitor<AppMessage> NOTICES =
      new RoomEvent.Visitor<>() {
        @Override
        public AppMessage roomCreated(RoomCreated created) {
          return new BroadRoomCreate(created.room().value(), created.name().value());
        }

        @Override
        public AppMessage memberJoined(MemberJoined joined) {
          return joined.room() instanceof RoomId ? new BroadRoomJoin(joined.name().value()) : null;
        }

        @Override
        public AppMessage memberLeft(MemberLeft left) {
          return left.room() instanceof RoomId ? new BroadRoomExit(left.name().value(), false) : null;
        }

        @Override
        public AppMessage roomDeleted(RoomDeleted deleted) {
          return deleted.ownerLeft()
              ? new BroadRoomExit(deleted.owner().value(), true)
              : new BroadRoomDelete(deleted.room().value());
        }

        @Override
        public AppMessage chatPosted(ChatPosted posted) {
          return posted.room() instanceof RoomId ? chat(posted, null) : null;
        }

        @Override
        public AppMessage announced(Announced announced) {
          return null;
        }

        /** Told in the README form ({@link #MEMBER_FRAMES}). */
        @Override
        public AppMessage memberKicked(MemberKicked kicked) {
          return null;
        }
      };

  /** The frames for the connection whose request caused the event. */
  private static final class OriginFrames implements RoomEvent.Visitor<List<String>> {
    private final Broadcast broadcast;
    private final JsonValue requestId;

    OriginFrames(Broadcast broadcast) {
      this.broadcast = broadcast;
      this.requestId = ChatReplies.requestId(broadcast.event().origin().tag());
    }

    @Override
    public List<String> roomCreated(RoomCreated created) {
      return List.of(encode(new RoomCreate(true, created.room().value(), null, null, requestId)));
    }

    @Override
    public List<String> memberJoined(MemberJoined joined) {
      return joined.room() instanceof RoomId id
          ? List.of(encode(new RoomJoin(true, id.value(), null, null, requestId)), broadcast.frame(MEMBER_FRAMES))
          : List.of();
    }

    @Override
    public List<String> memberLeft(MemberLeft left) {
      return left.room() instanceof RoomId && !left.dropped()
          ? List.of(encode(new RoomExit(true, null, null, null, requestId)))
          : List.of();
    }

    @Override
    public List<String> roomDeleted(RoomDeleted deleted) {
      if (deleted.dropped()) {
        return List.of();
      }
      return List.of(
          encode(
              deleted.ownerLeft()
                  ? new RoomExit(true, null, null, null, requestId)
                  : new RoomDelete(true, deleted.room().value(), null, null, requestId)));
    }

    @Override
    public List<String> chatPosted(ChatPosted posted) {
      if (!(posted.room() instanceof RoomId)) {
        return List.of();
      }
      return List.of(requestId == null ? broadcast.frame(MEMBER_FRAMES) : encode(chat(posted, requestId)));
    }

    @Override
    public List<String> announced(Announced announced) {
      return List.of();
    }

    @Override
    public List<String> memberKicked(MemberKicked kicked) {
      String reply = ChatReplies.encode(ChatReplies.forOrigin(kicked));
      return reply == null ? List.of() : List.of(reply);
    }
  }

  /** The reply to a join of the room the connection is already in: nothing changes, and the app may go on. */
  public static AppMessage alreadyJoined(RoomId room, String tag) {
    return new RoomJoin(true, room.value(), null, null, ChatReplies.requestId(tag));
  }

  /** The app's delete reply for a moderator that deleted a room it is not in. */
  public static AppMessage deletedFromOutside(RoomId room, String tag) {
    return new RoomDelete(true, room.value(), null, null, ChatReplies.requestId(tag));
  }

  /** {@code SERVER_NAME_SET} for an accepted name. */
  public static AppMessage nameSet(String tag) {
    return new NameSet(true, null, null, ChatReplies.requestId(tag));
  }

  /** {@code SERVER_ROOM_GET}: the owned rooms with their hosts, the first {@link ChatReplies#MAX_LISTED}. */
  public static AppMessage roomList(List<RoomSummary> rooms, String tag) {
    List<AppMessage.Room> list =
        rooms.stream()
            .limit(ChatReplies.MAX_LISTED)
            .map(room -> new AppMessage.Room(room.id().value(), room.name().value(), room.owner().value()))
            .toList();
    Boolean more = rooms.size() > ChatReplies.MAX_LISTED ? Boolean.TRUE : null;
    return new RoomGet(true, list, more, null, null, ChatReplies.requestId(tag));
  }

  /** The refusal of a request of the given type: {@code status:false}, the reason, and the room if known. */
  public static AppMessage failure(RequestType type, RoomId room, Reason reason, String detail, String tag) {
    Integer roomId = room == null ? null : room.value();
    String code = reason.name();
    JsonValue requestId = ChatReplies.requestId(tag);
    return switch (type) {
      case CLIENT_NAME_SET -> new NameSet(false, code, detail, requestId);
      case CLIENT_ROOM_GET -> new RoomGet(false, null, null, code, detail, requestId);
      case CLIENT_ROOM_LIST,
          CLIENT_LOBBY_SUBSCRIBE,
          CLIENT_LOBBY_UNSUBSCRIBE,
          CLIENT_ROOM_HISTORY,
          CLIENT_ROOM_KICK,
          CLIENT_SESSION_RESUME,
          CLIENT_AUTH -> throw
          new IllegalArgumentException(
          type + " is answered in the README form");
      case CLIENT_ROOM_CREATE -> new RoomCreate(false, null, code, detail, requestId);
      case CLIENT_ROOM_JOIN -> new RoomJoin(false, roomId, code, detail, requestId);
      case CLIENT_ROOM_EXIT -> new RoomExit(false, roomId, code, detail, requestId);
      case CLIENT_ROOM_DELETE -> new RoomDelete(false, roomId, code, detail, requestId);
      case CLIENT_CHAT_SEND -> new ChatSend(false, roomId, code, detail, requestId);
    };
  }

  /** The message as a JSON text frame; null stays null. */
  public static String encode(AppMessage message) {
    return message == null ? null : SharedJsonb.get().toJson(message);
  }

  private static BroadChatSend chat(ChatPosted posted, JsonValue requestId) {
    return new BroadChatSend(posted.name().value(), posted.text().value(), requestId);
  }
}
