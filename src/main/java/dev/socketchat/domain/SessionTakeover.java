package dev.socketchat.domain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A session another connection held (on another node), now this node's connection's: the connection it was, the name
 * it speaks as, each owned room it is in with what the room keeps of its recent events, the rooms it owns, the rooms
 * that ended while it was in them, with their events up to the end, and the connections it had before the last one.
 */
public record SessionTakeover(
    ConnectionId from,
    Nickname name,
    Map<RoomId, RoomTail> tails,
    Set<RoomId> owned,
    Map<RoomId, RoomTail> ended,
    Set<ConnectionId> earlier) {
  public SessionTakeover {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(name, "name");
    tails = Map.copyOf(tails);
    owned = Set.copyOf(owned);
    ended = Map.copyOf(ended);
    earlier = Set.copyOf(earlier);
  }

  /** A takeover of a session none of whose rooms ended meanwhile, held by no connection before {@code from}. */
  public SessionTakeover(ConnectionId from, Nickname name, Map<RoomId, RoomTail> tails, Set<RoomId> owned) {
    this(from, name, tails, owned, Map.of(), Set.of());
  }

  /** Every connection the session had before this node's: whose replies, replayed, are its client's own. */
  public Set<ConnectionId> before() {
    Set<ConnectionId> all = new HashSet<>(earlier);
    all.add(from);
    return Set.copyOf(all);
  }

  /** What to catch up on: the rooms it is in and those that ended while it was away. */
  public Map<RoomId, RoomTail> replayable() {
    Map<RoomId, RoomTail> all = new HashMap<>(ended);
    all.putAll(tails);
    return Map.copyOf(all);
  }
}
