package dev.socketchat.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The rooms a session lost while its client was away (they ended, or it was kicked from them), with their events up
 * to the loss, kept after a resume replayed them, until {@code until}: should the client drop again before all of the
 * replay reached it, its next resume replays what it still lacks, though the rooms themselves are gone.
 */
record LostRooms(Map<RoomRef, RoomTail> tails, Instant until) {
  static final LostRooms NONE = new LostRooms(Map.of(), Instant.MIN);

  LostRooms {
    tails = Map.copyOf(tails);
    Objects.requireNonNull(until, "until");
  }

  /** The tails still kept at {@code now}: none once {@code until} has passed. */
  Map<RoomRef, RoomTail> at(Instant now) {
    return now.isBefore(until) ? tails : Map.of();
  }
}
