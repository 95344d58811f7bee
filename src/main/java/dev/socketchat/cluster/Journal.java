package dev.socketchat.cluster;

import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.Member;
import dev.socketchat.domain.Nickname;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomKey;
import dev.socketchat.domain.RoomName;
import dev.socketchat.domain.RoomRef;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The memberships this node registered in Redis, as it last knew them: what it must put back, or take out, when it
 * reconciles with Redis after losing touch (an outage, a restart that lost Redis's data, a request whose outcome it
 * never learned); the number of the last event it saw in each of their rooms, so that a room put back goes on
 * counting from there; and their rooms' bans, so that a room put back still refuses whom it refused.
 */
final class Journal {

  /** Where a membership stands between this node and Redis. */
  enum State {
    /** Its request is on its way to Redis. */
    PENDING,
    /** Redis has it, as far as this node knows. */
    LIVE,
    /** Redis lost its data; the node puts the membership back. */
    RESTORING,
    /** The connection closed while Redis was out of reach; its exit is still to be announced. */
    DROPPED
  }

  /**
   * One membership of one of this node's connections.
   *
   * @param seq its place in the room's joining order
   * @param roomName the owned room's name (its owner may have to put the room back), else null
   * @param ownerName the owned room's owner, else null
   * @param ownerConnection the owned room's owner's connection (tells the room from another that took its number)
   * @param restoreBy after Redis lost its data, the {@link System#nanoTime()} after which a room that is not back
   *     counts as gone; 0 while Redis has lost nothing of this membership
   */
  record Entry(
      RoomRef room,
      Member member,
      long seq,
      RoomName roomName,
      Nickname ownerName,
      ConnectionId ownerConnection,
      State state,
      long restoreBy) {
    Entry {
      Objects.requireNonNull(room, "room");
      Objects.requireNonNull(member, "member");
      Objects.requireNonNull(state, "state");
    }

    boolean owner() {
      return member.connection().equals(ownerConnection);
    }

    /** Whether Redis lost this membership with its data (so a drop must be announced though Redis has no trace). */
    boolean lost() {
      return restoreBy != 0;
    }

    Entry in(State next, long deadline) {
      return new Entry(room, member, seq, roomName, ownerName, ownerConnection, next, deadline);
    }

    Entry ownedBy(ConnectionId owner) {
      return new Entry(room, member, seq, roomName, ownerName, owner, state, restoreBy);
    }
  }

  private final Map<RoomRef, Map<ConnectionId, Entry>> rooms = new ConcurrentHashMap<>();
  private final Map<RoomRef, Long> numbers = new ConcurrentHashMap<>();
  // the connection the owner of a room it has members in last moved to, for a join whose reply named the one before
  private final Map<RoomRef, ConnectionId> movedOwners = new ConcurrentHashMap<>();
  // the ban entries (see Bans) of the rooms it has members in: told by their joins' replies, kicks and moves
  private final Map<RoomRef, Set<String>> bans = new ConcurrentHashMap<>();
  // the sessions this node's connections hold in Redis (one at most each)
  private final Map<ConnectionId, Held> sessions = new ConcurrentHashMap<>();
  // the sessions that ended here while Redis was out of reach (token -> the connection that held it), for the resync
  private final Map<String, ConnectionId> unreachedEnds = new ConcurrentHashMap<>();

  /**
   * A session one of this node's connections holds, with what Redis knows of it, so that the node can put it back.
   *
   * @param subject its signed-in user's subject, or null for a guest
   * @param window its resume window
   * @param linger how long the rooms it loses are kept for it: the node's sessions' linger ({@code
   *     SessionLimits.linger}), at least its window
   * @param socket whether it is a Socket.IO socket's (its pid as token)
   */
  record Held(String token, Nickname name, String subject, Duration window, Duration linger, boolean socket) {
    Held {
      Objects.requireNonNull(token, "token");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(linger, "linger");
    }
  }

  /** An event numbered {@code seq} reached this node from a room: noted while the node has members there. */
  void numbered(RoomRef room, long seq) {
    if (rooms.containsKey(room)) {
      numbers.merge(room, seq, Math::max);
    }
  }

  /** The owned rooms this node has members in, each with the number of the last of its events that reached it. */
  Map<RoomId, Long> ownedRoomsSeen() {
    Map<RoomId, Long> seen = new HashMap<>();
    for (RoomRef room : rooms.keySet()) {
      if (room instanceof RoomId id) {
        seen.put(id, numbers.getOrDefault(room, 0L));
      }
    }
    return seen;
  }

  /** Ban entries of a room this node has members in, or is about to (else none of its business). */
  void banned(RoomRef room, Collection<String> entries) {
    if (room != null && !entries.isEmpty() && rooms.containsKey(room)) {
      bans.computeIfAbsent(room, key -> ConcurrentHashMap.newKeySet()).addAll(entries);
    }
  }

  /** Notes a membership about to be requested, so that an event ending its room meanwhile also ends the entry. */
  void expect(RoomRef room, Member member) {
    // within compute: a concurrent forget() that empties the room's map must not detach it under this put
    rooms.compute(
        room,
        (key, members) -> {
          Map<ConnectionId, Entry> present = members == null ? new ConcurrentHashMap<>() : members;
          present.put(member.connection(), new Entry(room, member, 0, null, null, null, State.PENDING, 0));
          return present;
        });
  }

  /** Redis accepted an expected membership (unless its room ended meanwhile, which removed the entry). */
  void admitted(
      RoomRef room, Member member, long seq, RoomName roomName, Nickname ownerName, ConnectionId ownerConnection) {
    Map<ConnectionId, Entry> members = rooms.get(room);
    if (members != null) {
      // a join that Redis carried out before the owner moved, with the move delivered before its reply came
      ConnectionId owner = ownerConnection == null ? null : movedOwners.getOrDefault(room, ownerConnection);
      members.computeIfPresent(
          member.connection(),
          (key, entry) -> new Entry(room, member, seq, roomName, ownerName, owner, State.LIVE, 0));
    }
  }

  /** Whether Redis lost the room this connection is in and it is not back yet. */
  boolean restoring(RoomRef room, ConnectionId connection) {
    Map<ConnectionId, Entry> members = rooms.get(room);
    Entry entry = members == null ? null : members.get(connection);
    return entry != null && entry.state() == State.RESTORING;
  }

  /** Whether the connection has a membership of the room here. */
  boolean holds(RoomRef room, ConnectionId connection) {
    Map<ConnectionId, Entry> members = rooms.get(room);
    return members != null && members.containsKey(connection);
  }

  /** The connection is no longer in the room. */
  void forget(RoomRef room, ConnectionId connection) {
    rooms.computeIfPresent(
        room,
        (key, members) -> {
          members.remove(connection);
          return members.isEmpty() ? null : members;
        });
    if (!rooms.containsKey(room)) {
      numbers.remove(room);
      bans.remove(room);
      movedOwners.remove(room);
    }
  }

  /**
   * The room's owner's session moved to another connection: the room is still the same one, whose owner now goes by
   * {@code owner} (else, after Redis lost its data, the room put back under the new connection would pass for another
   * room that took the number, and its members would be told it ended).
   */
  void ownerMoved(RoomRef room, ConnectionId from, ConnectionId owner) {
    Map<ConnectionId, Entry> members = rooms.get(room);
    if (members != null) {
      movedOwners.put(room, owner);
      members.replaceAll((key, entry) -> from.equals(entry.ownerConnection()) ? entry.ownedBy(owner) : entry);
    }
  }

  /** The room ended. */
  void forgetRoom(RoomRef room) {
    rooms.remove(room);
    numbers.remove(room);
    bans.remove(room);
    movedOwners.remove(room);
  }

  /** The connection closed while Redis was out of reach: its exit is to be announced when Redis is back. */
  void dropped(RoomRef room, ConnectionId connection) {
    rooms.computeIfPresent(
        room,
        (key, members) -> {
          members.computeIfPresent(
              connection,
              (conn, entry) -> entry.state() == State.PENDING ? null : entry.in(State.DROPPED, entry.restoreBy()));
          return members.isEmpty() ? null : members;
        });
  }

  /**
   * Redis lost its data: every live membership is to be put back, or given up after the deadline; every drop still
   * to be announced is announced though Redis no longer knows the member.
   */
  void restoreAll(long deadline) {
    for (Map<ConnectionId, Entry> members : rooms.values()) {
      members.replaceAll(
          (key, entry) ->
              switch (entry.state()) {
                case LIVE, RESTORING -> entry.in(State.RESTORING, deadline);
                case DROPPED -> entry.in(State.DROPPED, deadline);
                case PENDING -> entry;
              });
    }
  }

  /** Marks a membership as in place again. */
  void settled(Entry entry) {
    replace(entry, entry.in(State.LIVE, 0));
  }

  /**
   * Whether something still waits for Redis: a membership (a drop to announce, a room to come back), or a session that
   * ended while Redis was out of reach.
   */
  boolean unsettled() {
    return !unreachedEnds.isEmpty()
        || rooms.values().stream()
        .flatMap(members -> members.values().stream())
        .anyMatch(entry -> entry.state() == State.DROPPED || entry.state() == State.RESTORING);
  }

  /** Every membership that is not on its way to Redis right now. */
  List<Entry> entries() {
    List<Entry> all = new ArrayList<>();
    for (Map<ConnectionId, Entry> members : rooms.values()) {
      for (Entry entry : members.values()) {
        if (entry.state() != State.PENDING) {
          all.add(entry);
        }
      }
    }
    return all;
  }

  /** Notes that Redis holds the session for one of this node's connections. */
  void sessionHeld(ConnectionId connection, Held session) {
    sessions.put(connection, session);
  }

  /** The connection's session moved to another connection. */
  void sessionGone(ConnectionId connection) {
    sessions.remove(connection);
  }

  /**
   * The connection's session {@code token} ended while Redis was out of reach: the next resync forgets it there (unless
   * another connection holds it by then), so that nobody takes over a session that ended.
   */
  void sessionEndUnreached(ConnectionId connection, String token) {
    unreachedEnds.put(token, connection);
  }

  /** The sessions that ended while Redis was out of reach, by token, with the connections that held them. */
  Map<String, ConnectionId> unreachedEnds() {
    return Map.copyOf(unreachedEnds);
  }

  /** A resync forgot these ended sessions in Redis. */
  void endsReached(Map<String, ConnectionId> reached) {
    reached.forEach(unreachedEnds::remove);
  }

  /** The ended sessions as the resync script reads them ({@code [{token, conn}, ...]}). */
  static String endsJson(Map<String, ConnectionId> ends) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    ends.forEach(
        (token, connection) ->
            array.add(Json.createObjectBuilder().add("token", token).add("conn", connection.value())));
    return array.build().toString();
  }

  /** The connection's session {@code token} ended; another one it holds stays noted. */
  void sessionGone(ConnectionId connection, String token) {
    sessions.computeIfPresent(connection, (holder, held) -> held.token().equals(token) ? null : held);
  }

  /**
   * The sessions this node's connections hold, as the resync script reads them ({@code [{token, conn, name, window,
   * linger, socket, sub}, ...]}), in a room or not: a node taken for dead takes them back by these when it returns,
   * and a node puts them back when Redis lost its data.
   */
  String sessionsJson() {
    JsonArrayBuilder array = Json.createArrayBuilder();
    sessions.forEach(
        (connection, held) -> {
          JsonObjectBuilder object =
              Json.createObjectBuilder()
                  .add("token", held.token())
                  .add("conn", connection.value())
                  .add("name", held.name().value())
                  .add("window", held.window().toMillis())
                  .add("linger", held.linger().toMillis())
                  .add("socket", held.socket());
          if (held.subject() != null) {
            object.add("sub", held.subject());
          }
          array.add(object);
        });
    return array.build().toString();
  }

  /**
   * The entries as the resync script reads them, each with the number of the last event seen in its room, and whether
   * it is past the time to wait for its room to come back at {@code now} ({@link System#nanoTime()}).
   */
  String toJson(List<Entry> entries, long now) {
    JsonArrayBuilder array = Json.createArrayBuilder();
    for (Entry entry : entries) {
      JsonObjectBuilder object =
          Json.createObjectBuilder()
              .add("conn", entry.member().connection().value())
              .add("name", entry.member().name().value())
              .add("key", entry.member().name().key())
              .add("kind", entry.room() instanceof RoomId ? "R" : "O")
              .add("ref", entry.room() instanceof RoomKey key ? key.value() : entry.room().toString())
              .add("seq", entry.seq())
              .add("roomSeq", numbers.getOrDefault(entry.room(), 0L))
              .add("owner", entry.owner())
              .add("state", entry.state().name())
              .add("lost", entry.lost())
              .add("overdue", entry.state() == State.RESTORING && now - entry.restoreBy() > 0);
      if (entry.member().subject() != null) {
        object.add("subject", entry.member().subject());
      }
      if (entry.roomName() != null) {
        object.add("roomName", entry.roomName().value());
      }
      if (entry.ownerConnection() != null) {
        object.add("ownerConn", entry.ownerConnection().value());
      }
      array.add(object);
    }
    return array.build().toString();
  }

  /**
   * The bans of the rooms this node has members in, as the resync script reads them: {@code {"R <id>": [entry, ...],
   * "O <key>": [...]}}.
   */
  String bansJson() {
    JsonObjectBuilder object = Json.createObjectBuilder();
    bans.forEach(
        (room, entries) -> {
          if (rooms.containsKey(room)) {
            String ref = room instanceof RoomKey key ? "O " + key.value() : "R " + room;
            object.add(ref, Json.createArrayBuilder(List.copyOf(entries)));
          }
        });
    return object.build().toString();
  }

  private void replace(Entry old, Entry updated) {
    Map<ConnectionId, Entry> members = rooms.get(old.room());
    if (members != null) {
      members.replace(old.member().connection(), old, updated);
    }
  }
}
