package dev.socketchat.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The end of a room's event log as one member may catch up on it: the number of the room's last event, its kept
 * events up to it, oldest first, and the number of the member's own join (its creation for the owner; 0 when not
 * known), before which nothing of the room is the member's.
 */
public record RoomTail(long last, List<RoomEvent> events, long joined) {
  public RoomTail {
    events = List.copyOf(events);
  }

  /** A tail whose member's join is not known: every kept event may be replayed. */
  public RoomTail(long last, List<RoomEvent> events) {
    this(last, events, 0);
  }

  /**
   * Every event numbered after {@code seq}, in order, when all of them are kept; empty when some are not (more was
   * missed than kept). A mark from before the member's join counts as its join: what the room had before is not the
   * member's, and it got its join's reply (with the room's latest chat) then.
   */
  public Optional<List<RoomEvent>> after(long seq) {
    long from = Math.max(seq, joined);
    List<RoomEvent> missed = new ArrayList<>();
    long expected = from + 1;
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
    return expected > last || from >= last ? Optional.of(missed) : Optional.empty();
  }

  /** This tail as it was at event {@code seq}: for the member kicked by that event, its last event of the room. */
  public RoomTail upTo(long seq) {
    return new RoomTail(seq, events.stream().filter(event -> event.seq() <= seq).toList(), joined);
  }

  /** Whether {@code seq} is past the room's last event: no client can have received it. */
  public boolean beyond(long seq) {
    return seq > last;
  }
}
