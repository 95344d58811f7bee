package dev.socketchat.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The rooms a session lost whose end its client may not have had: rooms that ended, or that it was kicked from, while
 * the client was away, with their events up to the loss, kept after a resume replayed them; and rooms that ended, or
 * that it was kicked from, while the client was connected, whose last frames may have gone down with the connection,
 * their events left with the registry. Each is kept until its own time (the session's linger after the replay, or
 * after the end or the kick: the resume window past the latest a dead connection comes to light): should the client
 * drop before all of it reached it, its next resume replays what it still lacks, though the rooms are gone.
 */
record LostRooms(Map<RoomRef, LostRooms.Lost> rooms) {
  static final LostRooms NONE = new LostRooms(Map.of());

  /** One lost room: its events up to the loss ({@code tail}; null while the registry keeps them), until when. */
  record Lost(RoomTail tail, Instant until) {
    Lost {
      Objects.requireNonNull(until, "until");
    }
  }

  LostRooms {
    rooms = Map.copyOf(rooms);
  }

  /** The rooms still kept at {@code now}. */
  Map<RoomRef, Lost> at(Instant now) {
    if (rooms.values().stream().allMatch(lost -> now.isBefore(lost.until()))) {
      return rooms;
    }
    Map<RoomRef, Lost> kept = new HashMap<>();
    rooms.forEach(
        (room, lost) -> {
          if (now.isBefore(lost.until())) {
            kept.put(room, lost);
          }
        });
    return Map.copyOf(kept);
  }

  /** These rooms as kept at {@code now}, with {@code tails} kept until {@code until}, in place of what they were. */
  LostRooms with(Map<? extends RoomRef, RoomTail> tails, Instant now, Instant until) {
    Map<RoomRef, Lost> all = new HashMap<>(at(now));
    tails.forEach((room, tail) -> all.put(room, new Lost(tail, until)));
    return all.isEmpty() ? NONE : new LostRooms(all);
  }

  /**
   * These rooms as kept at {@code now}, with a room that ended, or that the session was kicked from, while the client
   * was connected, until {@code until}.
   */
  LostRooms whileConnected(RoomRef room, Instant now, Instant until) {
    Map<RoomRef, Lost> all = new HashMap<>(at(now));
    all.put(room, new Lost(null, until));
    return new LostRooms(all);
  }
}
