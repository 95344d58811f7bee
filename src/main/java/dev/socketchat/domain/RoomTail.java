package dev.socketchat.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The end of a room's event log: the number of its last event and its kept events up to it, oldest first. */
public record RoomTail(long last, List<RoomEvent> events) {
  public RoomTail {
    events = List.copyOf(events);
  }

  /**
   * Every event numbered after {@code seq}, in order, when all of them are kept; empty when some are not (more was
   * missed than kept).
   */
  public Optional<List<RoomEvent>> after(long seq) {
    List<RoomEvent> missed = new ArrayList<>();
    long expected = seq + 1;
    for (RoomEvent event : events) {
      if (event.seq() < expected) {
        continue;
      }
      if (event.seq() != expected) {
        return Optional.empty();
      }
      missed.add(event);
      expected++;
    }
    return expected > last || seq >= last ? Optional.of(missed) : Optional.empty();
  }
}
