package dev.socketchat.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The authority on rooms and memberships. Each accepted change is applied atomically and published, in the order it
 * happened, to the fan-out of every node with members in the room; a refused one throws {@link Refusal} and changes
 * nothing. The in-memory registry serves one node; a shared one lets several nodes serve the same rooms.
 */
public interface RoomRegistry extends AutoCloseable {

  /** Builds a registry that publishes to the given fan-out. */
  @FunctionalInterface
  interface Factory {
    RoomRegistry open(FanOut fanOut);

    /**
     * Builds the registry of the node whose connection ids start with {@code node + ":"}. A registry shared by several
     * nodes needs the node's id to know whose members are whose; a single node's registry does not.
     */
    default RoomRegistry open(FanOut fanOut, String node) {
      return open(fanOut);
    }
  }

  /** A fresh room number, never handed out before. */
  RoomId allocate();

  /**
   * Creates an owned room with its owner as the first member; publishes {@code RoomCreated}.
   *
   * @param mostRooms the owned rooms the server (the whole cluster) may hold: checked and taken in one step, so
   *     creates at the same moment never pass it
   * @throws Refusal {@link Reason#TOO_MANY_ROOMS} when it holds {@code mostRooms} already
   */
  void create(RoomId room, RoomName name, Member owner, Origin origin, int mostRooms);

  /**
   * Adds a member to an owned room; publishes {@code MemberJoined} with the room's view.
   *
   * @throws Refusal {@link Reason#BANNED} when a kick banned the member from the room
   */
  void join(RoomId room, Member member, Origin origin);

  /**
   * Adds a member to an open room, creating the room if needed; publishes {@code MemberJoined}.
   *
   * @throws Refusal {@link Reason#ALREADY_MEMBER} when the connection is in the room already, {@link Reason#BANNED}
   *     when a kick banned the member from the room
   */
  void enter(RoomKey room, Member member, Origin origin);

  /**
   * Adds a member to an open room as {@link #enter(RoomKey, Member, Origin)} does and tells the room of its entry, in
   * one step, so that nothing said in the room comes between the two; publishes {@code MemberJoined}, then
   * {@code Announced}.
   */
  void enter(RoomKey room, Member member, Announcement entry, Instant time, Origin origin);

  /**
   * Takes a member out of a room; publishes {@code MemberLeft}, or {@code RoomDeleted} when the owner of an owned room
   * leaves. An open room left empty is removed.
   *
   * @return true when the room ended with this exit (its owner left, or an open room became empty)
   */
  boolean exit(RoomRef room, Member member, boolean dropped, Origin origin);

  /**
   * Tells an open room of a member's leaving and takes the member out, in one step, so that nothing said in the room
   * comes between the two; publishes {@code Announced}, then {@code MemberLeft}. An open room left empty is removed.
   *
   * @return true when the room ended with this exit (the member was its last)
   */
  boolean exit(RoomKey room, Member member, Announcement farewell, Instant time, Origin origin);

  /** Deletes an owned room at its owner's request; publishes {@code RoomDeleted}. */
  default void delete(RoomId room, Member member, Origin origin) {
    delete(room, member, false, origin);
  }

  /**
   * Deletes an owned room at its owner's request, or any room at a moderator's; publishes {@code RoomDeleted} (whose
   * {@code owner} is the room's owner).
   *
   * @return whether the member was in the room when it ended, so that the deletion reaches it as one of the members
   *     (a moderator deleting a room it is not in, or was removed from meanwhile, hears of it from nobody else)
   * @throws Refusal {@link Reason#NOT_OWNER} when the member is neither the owner nor a moderator
   */
  boolean delete(RoomId room, Member member, boolean moderator, Origin origin);

  /**
   * Removes every member named {@code target} (by {@link Nickname#key()}) from the room at the request of its owner
   * or of a moderator ({@code by}, who need not be in the room) and bans each from it while the room exists ({@link
   * Bans}); publishes one {@code MemberKicked} per removed connection, numbered like any event of an owned room.
   *
   * @param note the kicker's reason, or null
   * @return the name of the (first) member removed, as the room knew it, and whether {@code by} was in the room then,
   *     so that the kicks reach it as one of the members (a moderator outside the room, or removed from it meanwhile,
   *     hears of them from nobody else)
   * @throws Refusal {@link Reason#NO_SUCH_ROOM}, {@link Reason#NOT_OWNER} when {@code by} is neither the owner nor a
   *     moderator, {@link Reason#KICK_SELF} when {@code target} is {@code by}'s own name, {@link Reason#KICK_OWNER}
   *     when it is the owner's, {@link Reason#NO_SUCH_MEMBER} when nobody in the room goes by it
   */
  KickOutcome kick(RoomRef room, Member by, boolean moderator, Nickname target, String note, Origin origin);

  /**
   * Refuses an owned room that does not exist (never did, or ended); changes nothing.
   *
   * @throws Refusal {@link Reason#NO_SUCH_ROOM}
   */
  void requireRoom(RoomId room);

  /**
   * Refuses, as {@link #join} or {@link #enter} would now, a member the room would not let in; changes nothing. A
   * connection leaving its room for another asks this first, so that a refusal leaves it where it was.
   *
   * @throws Refusal {@link Reason#NO_SUCH_ROOM} for an owned room that does not exist, {@link Reason#ALREADY_MEMBER},
   *     {@link Reason#BANNED}, {@link Reason#NAME_TAKEN} for an owned room where another member goes by that name,
   *     {@link Reason#UNAVAILABLE} while the registry cannot tell (out of reach, or the room is being put back)
   */
  void requireAdmission(RoomRef room, Member member);

  /** Publishes a member's message to the room; publishes {@code ChatPosted}. */
  void post(RoomRef room, Member member, MessageText text, Instant time, Origin origin);

  /** Publishes a member's entry or exit note to an open room; publishes {@code Announced}. */
  void announce(RoomKey room, Member member, Announcement announcement, Instant time, Origin origin);

  /**
   * A page of an owned room's kept chat, for one of its members: the latest {@code limit} messages numbered below
   * {@code before}, oldest first.
   *
   * @throws Refusal {@link Reason#NO_SUCH_ROOM}, or {@link Reason#NOT_MEMBER} when the member is not in the room
   */
  List<ChatLine> history(RoomId room, Member member, long before, int limit);

  /**
   * What an owned room keeps of its recent events, for a member's connection whose session is suspended (by its
   * connection alone: a connection whose first join is in flight has no name yet): the number of its last event and its
   * kept numbered events, oldest first. For a room that ended while the member was in it, its events
   * to its end, which stay for the sessions' linger ({@link #sessionsLinger}) after the end, for a session whose client
   * may not have had the end.
   *
   * @throws Refusal {@link Reason#NO_SUCH_ROOM} (an ended room's too, once it is no longer kept, or for a member that
   *     was not in it at its end), or {@link Reason#NOT_MEMBER} when the member is not in the room
   * @throws UnsupportedOperationException when this registry keeps no events for sessions
   */
  default RoomTail tail(RoomRef room, ConnectionId member) {
    throw new UnsupportedOperationException("this registry keeps no events for sessions");
  }

  /**
   * Refuses while the member's seat in the room is not back in the shared store, which lost its data and waits for the
   * room to be put back: a resume cannot answer for the room yet. A registry that serves one node loses nothing.
   *
   * @throws Refusal {@link Reason#UNAVAILABLE} meanwhile
   */
  default void requireInPlace(RoomRef room, ConnectionId member) {}

  /**
   * Tells the registry, before any session opens, how long the rooms this node's sessions lose must stay for them
   * ({@link SessionLimits#linger}): from the first session opened, resumed or taken over here on, each keeps them that
   * long, or for its resume window where that is longer.
   */
  default void sessionsLinger(Duration linger) {}

  /**
   * Notes a session that its client may resume on any node sharing this registry; it is live until suspended, and
   * waits {@code window} for its client should its node die.
   */
  default void sessionOpened(String token, Member member, Duration window) {}

  /**
   * Lets go of what it keeps for sessions whose window has passed (ended rooms' events); the engine calls it once per
   * resume window, so nothing outlives its window by more than another one when no room ends.
   */
  default void forgetPassed() {}

  /** The session's transport was lost: it may be resumed within {@code window}, and is forgotten after it. */
  default void sessionSuspended(String token, ConnectionId connection, Duration window) {}

  /**
   * The session is live again on the connection that held it.
   *
   * @throws Refusal {@link Reason#SESSION_EXPIRED} when another connection took it over meanwhile
   */
  default void sessionResumed(String token, Member member, Duration window) {}

  /** The session ended (its window passed, its client closed, it left its rooms): nobody may resume it any more. */
  default void sessionEnded(String token, ConnectionId connection) {}

  /**
   * Ends the session of a connection that goes on without one (its client switched to a dialect without sessions):
   * nobody may resume it any more.
   *
   * @throws Refusal {@link Reason#UNAVAILABLE} when the registry cannot end it now, {@link Reason#SESSION_EXPIRED}
   *     when a resume elsewhere took it over first; nothing changed then
   */
  default void endSession(String token, ConnectionId connection) {
    sessionEnded(token, connection);
  }

  /**
   * Takes over a session that a connection this node does not hold has, for {@code connection}: its memberships and
   * ownerships move to it, nobody is told, and {@link FanOut#moved} tells the nodes, in each room's order of events,
   * to move the seat; what each room kept up to then comes back.
   *
   * @return the taken session, or empty when this registry shares no sessions between nodes
   * @throws Refusal {@link Reason#SESSION_EXPIRED} for an unknown, expired or ended session
   */
  default Optional<SessionTakeover> takeOver(String token, ConnectionId connection) {
    return Optional.empty();
  }

  /**
   * Takes over a session as {@link #takeOver(String, ConnectionId)} does, for its own user only: {@code resumer} is the
   * resumer's identity (null for a guest); its subject must be the session's, and its name the session's nickname.
   *
   * @throws Refusal {@link Reason#USER_MISMATCH} when the session is another user's (or a guest's, or the resumer one),
   *     or speaks under another name than the resumer signed in with
   */
  default Optional<SessionTakeover> takeOver(String token, ConnectionId connection, Identity resumer) {
    return takeOver(token, connection);
  }

  /**
   * Notes a Socket.IO socket whose client may recover it on any node sharing this registry, its private id as token:
   * a session whose open rooms' events from now on are the socket's, with the resume window {@code window}. A registry
   * that serves one node has nothing to note.
   */
  default void socketOpened(String token, Member member, Duration window) {}

  /**
   * Takes over a Socket.IO socket's session, as {@link #takeOver} does a session's, for {@code connection}: its seats
   * in open rooms move to it, nobody is told, and what it missed there after {@code offset} (the position of the last
   * event its client got; null for none) comes back.
   *
   * @return the taken socket, or empty when this registry shares no sessions between nodes
   * @throws Refusal {@link Reason#SESSION_EXPIRED} for an unknown, expired or ended session, or one that is not a
   *     socket's
   */
  default Optional<SocketTakeover> takeOverSocket(String token, ConnectionId connection, String offset) {
    return Optional.empty();
  }

  /**
   * Takes over a socket's session as {@link #takeOverSocket(String, ConnectionId, String)} does, for its own user only
   * ({@code resumer}: the recovering client's identity, null for a guest), under the name it signed in with.
   *
   * @throws Refusal {@link Reason#USER_MISMATCH} when the socket is another user's, or speaks under another name
   */
  default Optional<SocketTakeover> takeOverSocket(
      String token, ConnectionId connection, String offset, Identity resumer) {
    return takeOverSocket(token, connection, offset);
  }

  /** The owned rooms, in order of their numbers. */
  List<RoomSummary> rooms();

  /** Counts of what the registry holds, for status reports and leak checks. */
  Census census();

  @Override
  default void close() {}

  /** How many times the registry's store went out of reach since it opened; 0 for one that cannot. */
  default long outages() {
    return 0;
  }
}
