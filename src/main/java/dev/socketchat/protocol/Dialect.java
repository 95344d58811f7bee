package dev.socketchat.protocol;

import dev.socketchat.domain.Broadcast;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.RoomId;
import java.util.List;

/**
 * The two ways {@code /chat} clients speak. Both share one room engine: members of either dialect meet in the same
 * rooms, and each connection gets every event in its own dialect's frames.
 */
public enum Dialect {
  /**
   * The socketchatting README's protocol: every request names its {@code userName} and {@code roomID}; replies and
   * notices are {@code SERVER_*} frames. Every connection speaks it until it sends {@code CLIENT_NAME_SET} or {@code
   * CLIENT_ROOM_GET}.
   */
  README {
    @Override
    public String memberFrame(Broadcast broadcast) {
      return broadcast.frame(ChatReplies.MEMBER_FRAMES);
    }

    @Override
    public List<String> originFrames(Broadcast broadcast, String session) {
      String reply = ChatReplies.originFrame(broadcast.event(), session);
      return reply == null ? List.of() : List.of(reply);
    }

    @Override
    String ownFailure(RequestType type, RoomId room, Reason reason, String detail, String tag) {
      return ChatReplies.encode(ChatReplies.failure(type, room, reason, detail, tag));
    }
  },

  /**
   * The socketchatting app's own dialect (its React client): the name is set once with {@code CLIENT_NAME_SET}, the
   * connection is in at most one room, requests may leave out {@code userName} and the room, and members hear of
   * each other through {@code BROAD_*} notices.
   */
  APP {
    @Override
    public String memberFrame(Broadcast broadcast) {
      return broadcast.frame(AppReplies.MEMBER_FRAMES);
    }

    @Override
    public List<String> originFrames(Broadcast broadcast, String session) {
      return AppReplies.forOrigin(broadcast);
    }

    @Override
    String ownFailure(RequestType type, RoomId room, Reason reason, String detail, String tag) {
      return AppReplies.encode(AppReplies.failure(type, room, reason, detail, tag));
    }
  };

  /**
   * The frame a connection in the lobby gets of a room created or ended, rendered once per broadcast; null when not
   * told (only the app dialect's lobby is told).
   */
  public String lobbyFrame(Broadcast broadcast) {
    return this == APP ? broadcast.frame(AppReplies.LOBBY_FRAMES) : null;
  }

  /** The frame a member other than the event's origin gets, rendered once per broadcast; null when not told. */
  public abstract String memberFrame(Broadcast broadcast);

  /**
   * The frames the connection that caused the event gets, in order (none when it is not told); {@code session}, the
   * connection's session token or null, goes into the README dialect's create and join replies.
   */
  public abstract List<String> originFrames(Broadcast broadcast, String session);

  /**
   * The refusal of a request, as a text frame. A request only one dialect has is answered in that dialect's form
   * ({@code CLIENT_ROOM_LIST} as {@code SERVER_ROOM_LIST}, the lobby feed's in the README form, {@code CLIENT_NAME_SET}
   * as {@code SERVER_NAME_SET}), the others in the connection's.
   */
  public String failure(RequestType type, RoomId room, Reason reason, String detail, String tag) {
    Dialect form =
        switch (type) {
          case CLIENT_ROOM_LIST,
              CLIENT_LOBBY_SUBSCRIBE,
              CLIENT_LOBBY_UNSUBSCRIBE,
              CLIENT_ROOM_HISTORY,
              CLIENT_ROOM_KICK,
              CLIENT_SESSION_RESUME,
              CLIENT_AUTH -> README;
          case CLIENT_NAME_SET, CLIENT_ROOM_GET -> APP;
          default -> this;
        };
    return form.ownFailure(type, room, reason, detail, tag);
  }

  abstract String ownFailure(RequestType type, RoomId room, Reason reason, String detail, String tag);
}
