package dev.socketchat.domain;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Owned rooms that ended, each with its kept events to its end, for the members then in it, for the longest resume
 * window of any session after the end (none while no session was opened): the in-memory side of a resume that
 * replays a room whose end its client may not have had.
 */
final class EndedRooms {
  /** One ended room: its events up to its end, oldest first, its members' joins, and when it goes (nano time). */
  private record Ended(long last, List<RoomEvent> events, Map<ConnectionId, Long> joins, long until) {}

  // in order of their ends, so of their times to go (the linger only grows); all guarded by this
  private final Map<RoomRef, Ended> rooms = new LinkedHashMap<>();
  private long lingerNanos;

  /** Keeps ended rooms for at least {@code window} from now on. */
  synchronized void lingerAtLeast(Duration window) {
    lingerNanos = Math.max(lingerNanos, window.toNanos());
  }

  /** Keeps a room that just ended with {@code last}: its events, the end among them, and its members' joins. */
  synchronized void keep(RoomRef room, long last, List<RoomEvent> events, Map<ConnectionId, Long> joins) {
    long now = System.nanoTime();
    forgetPassed(now);
    if (lingerNanos > 0) {
      rooms.put(room, new Ended(last, List.copyOf(events), Map.copyOf(joins), now + lingerNanos));
    }
  }

  /** The tail of an ended room for a connection that was in it at its end, while it is kept. */
  synchronized Optional<RoomTail> tail(RoomRef room, ConnectionId member) {
    forgetPassed(System.nanoTime());
    Ended ended = rooms.get(room);
    if (ended == null || !ended.joins().containsKey(member)) {
      return Optional.empty();
    }
    return Optional.of(new RoomTail(ended.last(), ended.events(), ended.joins().get(member)));
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
