package dev.socketchat.domain;

import java.time.Instant;
import java.util.Objects;

/** Something that happened in a room, published in the order it happened and delivered to the room's members. */
public sealed interface RoomEvent {

  /** The kinds of event, one per record, so handlers can switch over them exhaustively. */
  enum Kind {
    ROOM_CREATED,
    MEMBER_JOINED,
    MEMBER_LEFT,
    ROOM_DELETED,
    CHAT_POSTED,
    ANNOUNCED,
    MEMBER_KICKED
  }

  /** Which kind of event this is. */
  Kind kind();

  /** One method per kind of event, so that a renderer handles each kind, and every kind, without a cast. */
  interface Visitor<R> {
    R roomCreated(RoomCreated event);

    R memberJoined(MemberJoined event);

    R memberLeft(MemberLeft event);

    R roomDeleted(RoomDeleted event);

    R chatPosted(ChatPosted event);

    R announced(Announced event);

    R memberKicked(MemberKicked event);
  }

  /** Hands this event to the visitor's method for its kind. */
  <R> R accept(Visitor<R> visitor);

  /** The room the event happened in. */
  RoomRef room();

  /** The connection whose request (or drop) caused the event. */
  Origin origin();

  /**
   * The event's number in its owned room: 1, 2, 3, ... without gaps, in the order the room's members receive them;
   * 0 for events that are not numbered (open rooms, and a node's own notice of a membership found gone).
   */
  long seq();

  /** An owned room came into being with its owner as first member. */
  record RoomCreated(RoomId room, RoomName name, Nickname owner, Origin origin, long seq) implements RoomEvent {
    public RoomCreated {
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(origin, "origin");
    }

    /** The event without a number. */
    public RoomCreated(RoomId room, RoomName name, Nickname owner, Origin origin) {
      this(room, name, owner, origin, 0);
    }

    @Override
    public Kind kind() {
      return Kind.ROOM_CREATED;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.roomCreated(this);
    }
  }

  /** A member entered a room; for owned rooms the view shows the room as the newcomer now sees it. */
  record MemberJoined(RoomRef room, Nickname name, RoomView view, Origin origin, long seq) implements RoomEvent {
    public MemberJoined {
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(origin, "origin");
    }

    /** The event without a number. */
    public MemberJoined(RoomRef room, Nickname name, RoomView view, Origin origin) {
      this(room, name, view, origin, 0);
    }

    @Override
    public Kind kind() {
      return Kind.MEMBER_JOINED;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.memberJoined(this);
    }
  }

  /**
   * A member left a room, by request or because its connection dropped; the room then had {@code members} members
   * ({@link #UNKNOWN} when the event's source did not count them: a node's own notice of a membership found gone).
   */
  record MemberLeft(RoomRef room, Nickname name, boolean dropped, int members, Origin origin, long seq)
      implements RoomEvent {
    /** The head count of an event whose source did not count the members. */
    public static final int UNKNOWN = -1;

    public MemberLeft {
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(origin, "origin");
    }

    /** The event without a number. */
    public MemberLeft(RoomRef room, Nickname name, boolean dropped, int members, Origin origin) {
      this(room, name, dropped, members, origin, 0);
    }

    @Override
    public Kind kind() {
      return Kind.MEMBER_LEFT;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.memberLeft(this);
    }
  }

  /** An owned room ended: deleted by its owner, or its owner left or dropped. */
  record RoomDeleted(RoomId room, Nickname owner, boolean ownerLeft, boolean dropped, Origin origin, long seq)
      implements RoomEvent {
    public RoomDeleted {
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(owner, "owner");
      Objects.requireNonNull(origin, "origin");
    }

    /** The event without a number. */
    public RoomDeleted(RoomId room, Nickname owner, boolean ownerLeft, boolean dropped, Origin origin) {
      this(room, owner, ownerLeft, dropped, origin, 0);
    }

    @Override
    public Kind kind() {
      return Kind.ROOM_DELETED;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.roomDeleted(this);
    }
  }

  /** A member said something to the room, which then had {@code members} members. */
  record ChatPosted(
      RoomRef room, Nickname name, MessageText text, int members, Instant time, Origin origin, long seq)
      implements RoomEvent {
    public ChatPosted {
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(text, "text");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(origin, "origin");
    }

    /** The event without a number. */
    public ChatPosted(RoomRef room, Nickname name, MessageText text, int members, Instant time, Origin origin) {
      this(room, name, text, members, time, origin, 0);
    }

    @Override
    public Kind kind() {
      return Kind.CHAT_POSTED;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.chatPosted(this);
    }
  }

  /**
   * A member of an open room announced something to it (the Socket.IO {@code join_room}, {@code leave_room} and {@code
   * exit_room}) while the room had {@code members} members, the announcer included.
   */
  record Announced(RoomKey room, Nickname name, Announcement announcement, int members, Instant time, Origin origin)
      implements RoomEvent {
    public Announced {
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(announcement, "announcement");
      Objects.requireNonNull(time, "time");
      Objects.requireNonNull(origin, "origin");
    }

    @Override
    public Kind kind() {
      return Kind.ANNOUNCED;
    }

    /** Announcements, made in open rooms only, are not numbered. */
    @Override
    public long seq() {
      return 0;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.announced(this);
    }

    /**
     * The room's head count to show with the announcement: the page's own figure when it gave one, else the members
     * connected once the announcement has taken effect (a leaving member no longer counts).
     */
    public int headcount() {
      if (announcement.siteCount() != null) {
        return announcement.siteCount();
      }
      return announcement.kind() == Announcement.Kind.LEAVE ? Math.max(0, members - 1) : members;
    }
  }

  /**
   * The room's owner or a moderator ({@code by}) removed a member ({@code name}, its connection {@code target}) and
   * banned it from the room; the room then had {@code members} members. {@code note} is the kicker's reason, or null.
   * The kicked member gets the event too, then is out of the room.
   */
  record MemberKicked(
      RoomRef room, Nickname name, ConnectionId target, Nickname by, String note, int members, Origin origin, long seq)
      implements RoomEvent {
    public MemberKicked {
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(by, "by");
      Objects.requireNonNull(origin, "origin");
    }

    @Override
    public Kind kind() {
      return Kind.MEMBER_KICKED;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.memberKicked(this);
    }
  }
}
