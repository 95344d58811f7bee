package dev.socketchat.domain;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owned rooms that ended, each with its kept events to its end, for the members then in it (and to their kick, for
 * those kicked from it before), for the longest linger of any session after the end (none while no session was
 * opened; {@link SessionLimits#linger}): the in-memory side of a resume that replays a room whose end, or kick, its
 * client may not have had.
 */
final class EndedRooms {
  /**
   * One ended room: its events up to its end, oldest first, its members' joins, the kicked connections' tails (see
   * {@link Kick}), and when it goes (nano time).
   */
  private record Ended(
      long last, List<RoomEvent> events, Map<ConnectionId, Long> joins, Map<ConnectionId, Kick> kicks, long until) {}

  /** A connection kicked from a room: the number of its join, and of its kick, its last event of the room. */
  record Kick(long joined, long at) {}

  // in order of their ends, so of their times to go (the linger only grows); all guarded by this
  private final Map<RoomRef, Ended> rooms = new LinkedHashMap<>();
  private long lingerNanos;

  /** Keeps ended rooms for at least {@code window} from now on. */
  synchronized void lingerAtLeast(Duration window) {
    lingerNanos = Math.max(lingerNanos, window.toNanos());
  }

  /**
   * Keeps a room that just ended with {@code last}: its events, the end among them, its members' joins, and the kicks
   * of those it removed before.
   */
  synchronized void keep(
      RoomRef room, long last, List<RoomEvent> events, Map<ConnectionId, Long> joins, Map<ConnectionId, Kick> kicks) {
    long now = System.nanoTime();
    forgetPassed(now);
    if (lingerNanos > 0) {
      rooms.put(room, new Ended(last, List.copyOf(events), Map.copyOf(joins), Map.copyOf(kicks), now + lingerNanos));
    }
  }

  /**
   * The tail of an ended room for a connection that was in it at its end, or to its kick for one kicked from it before,
   * while it is kept.
   */
  synchronized Optional<RoomTail> tail(RoomRef room, ConnectionId member) {
    forgetPassed(System.nanoTime());
    Ended ended = rooms.get(room);
    if (ended == null) {
      return Optional.empty();
    }
    Kick kick = ended.kicks().get(member);
    if (kick != null) {
      return Optional.of(new RoomTail(ended.last(), ended.events(), kick.joined()).upTo(kick.at()));
    }
    if (!ended.joins().containsKey(member)) {
      return Optional.empty();
    }
    return Optional.of(new RoomTail(ended.last(), ended.events(), ended.joins().get(member)));
  }

  /** Lets go of the rooms whose time passed (else the next end or tail would). */
  synchronized void forgetPassed() {
    forgetPassed(System.nanoTime());
  }

  /** How many ended rooms are kept, their time passed or not. */
  synchronized int size() {
    return rooms.size();
  }

  private void forgetPassed(long now) {
    for (Iterator<Ended> oldest = rooms.values().iterator(); oldest.hasNext(); ) {
      if (now - oldest.next().until() < 0) {
        return;
      }
      oldest.remove();
    }
  }
}
