package dev.socketchat.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;

/**
 * The stand-in recipient of a suspended session: it keeps each of the session's rooms' numbered events, at most
 * {@code keep} per room, for the client to catch up on when it resumes; once handed over, it passes everything on.
 */
final class Suspension implements Recipient {
  private final int keep;
  /** The transport whose loss it stands in for; null for a session brought from another node. */
  private final Recipient lostFrom;
  /** The transport that still serves the session until the hand-over (a resume while it is connected), or null. */
  private final Recipient serving;
  // all guarded by this
  private final Map<RoomRef, TreeMap<Long, RoomEvent>> kept = new HashMap<>();
  private final Map<RoomRef, Long> last = new HashMap<>();
  private final Map<RoomRef, Long> joined = new HashMap<>();
  private Recipient successor;
  private Future<?> expiry;

  Suspension(int keep) {
    this(keep, null);
  }

  Suspension(int keep, Recipient lostFrom) {
    this(keep, lostFrom, null);
  }

  private Suspension(int keep, Recipient lostFrom, Recipient serving) {
    this.keep = keep;
    this.lostFrom = lostFrom;
    this.serving = serving;
  }

  /**
   * A stand-in for a session whose transport is still connected (its client resumes on a new one): it keeps the rooms'
   * events as any stand-in does, and that transport goes on getting everything until the hand-over, so the resume can
   * still be called off with nothing lost ({@code handOver(transport)}).
   */
  static Suspension inFrontOf(Recipient transport, int keep) {
    return new Suspension(keep, transport, transport);
  }

  /** Whether it stands in for the given transport, whose loss suspended the session. */
  boolean standsInFor(Recipient transport) {
    return lostFrom != null
        && (lostFrom == transport || (lostFrom instanceof Catchup catchup && catchup.transport() == transport));
  }

  @Override
  public synchronized void deliver(Broadcast broadcast, boolean toOrigin) {
    if (successor != null) {
      successor.deliver(broadcast, toOrigin);
      return;
    }
    keep(broadcast.event());
    if (serving != null) {
      serving.deliver(broadcast, toOrigin);
    }
  }

  @Override
  public synchronized void deliverToLobby(Broadcast broadcast) {
    Recipient next = successor != null ? successor : serving;
    if (next != null) {
      next.deliverToLobby(broadcast);
    }
  }

  @Override
  public synchronized boolean lobbyChanged(LobbyNews news) {
    return successor == null && serving != null && serving.lobbyChanged(news);
  }

  @Override
  public synchronized void lobbyResync() {
    if (successor == null && serving != null) {
      serving.lobbyResync();
    }
  }

  @Override
  public synchronized void evict() {
    if (successor == null && serving != null) {
      serving.evict();
    }
  }

  /** Adds what a room kept before the suspension began; events kept twice count once. */
  synchronized void caughtUp(RoomRef room, RoomTail tail) {
    tail.events().forEach(this::keep);
    last.merge(room, tail.last(), Math::max);
    joined.merge(room, tail.joined(), Math::max);
  }

  /**
   * Whether it holds what the registry kept of the room ({@link #caughtUp}), not only the events that reached it since
   * the drop: a drop while the registry was out of reach left it none.
   */
  synchronized boolean caughtUpOn(RoomRef room) {
    return joined.containsKey(room);
  }

  /** Notes the task that ends the session when the window passes. */
  synchronized void expiresWith(Future<?> task) {
    expiry = task;
  }

  /** Calls off the session's end when the window passes: it ended otherwise. */
  synchronized void ended() {
    if (expiry != null) {
      expiry.cancel(false);
    }
  }

  /**
   * Ends the suspension: the expiry is called off, everything delivered from now on goes to {@code next}, and what
   * was kept is returned, room by room.
   */
  synchronized Map<RoomRef, RoomTail> handOver(Recipient next) {
    successor = next;
    if (expiry != null) {
      expiry.cancel(false);
    }
    Map<RoomRef, RoomTail> tails = new HashMap<>();
    last.forEach(
        (room, seq) -> {
          TreeMap<Long, RoomEvent> events = kept.getOrDefault(room, new TreeMap<>());
          tails.put(room, new RoomTail(seq, List.copyOf(events.values()), joined.getOrDefault(room, 0L)));
        });
    kept.clear();
    return tails;
  }

  private void keep(RoomEvent event) {
    long seq = event.seq();
    if (seq == 0) {
      return; // open rooms number nothing, so nothing of theirs can be replayed
    }
    last.merge(event.room(), seq, Math::max);
    if (keep == 0) {
      return;
    }
    TreeMap<Long, RoomEvent> events = kept.computeIfAbsent(event.room(), room -> new TreeMap<>());
    events.put(seq, event);
    if (events.size() > keep) {
      events.pollFirstEntry();
    }
  }
}
