package dev.socketchat.domain;

import dev.socketchat.domain.RoomEvent.RoomDeleted;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The recipient of a resumed session while its missed events are replayed: live events wait, then follow the replay
 * without repeating any of it, also those that reach this node only after the replay (the registry's tail of a room,
 * Redis's, may run ahead of the relay that brings its events here).
 */
final class Catchup implements Recipient {
  private final Recipient transport;
  private List<Waiting> waiting = new ArrayList<>(); // null once released; guarded by this
  private Recipient onward; // where deliveries go instead of the transport, once forwarded; guarded by this
  // per room, the last event replayed, until a live event of the room reaches it; guarded by this
  private final Map<RoomRef, Long> replayed = new HashMap<>();
  private boolean answered; // guarded by this
  private boolean replacedBeforeAnswer; // guarded by this

  /** A live event held back; delivered later on another thread, so it gets a broadcast of its own. */
  private record Waiting(RoomEvent event, boolean toOrigin) {}

  Catchup(Recipient transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /** The transport this stands in front of. */
  Recipient transport() {
    return transport;
  }

  @Override
  public synchronized void deliver(Broadcast broadcast, boolean toOrigin) {
    if (waiting == null) {
      if (!replayedAlready(broadcast.event())) {
        (onward == null ? transport : onward).deliver(broadcast, toOrigin);
      }
    } else {
      waiting.add(new Waiting(broadcast.event(), toOrigin));
    }
  }

  @Override
  public void deliverToLobby(Broadcast broadcast) {
    transport.deliverToLobby(broadcast);
  }

  @Override
  public boolean lobbyChanged(LobbyNews news) {
    return transport.lobbyChanged(news);
  }

  @Override
  public void lobbyResync() {
    transport.lobbyResync();
  }

  @Override
  public void evict() {
    transport.evict();
  }

  /**
   * A resume on yet another connection took the session over before this replay was done: the transport closes, but
   * only once its own resume has been answered, so that its client learns it had the session before it lost it.
   */
  @Override
  public void replaced() {
    synchronized (this) {
      if (!answered) {
        replacedBeforeAnswer = true;
        return;
      }
    }
    transport.replaced();
  }

  /**
   * The resume's answer (or its refusal) is on its way to the transport; a takeover that came before it closes the
   * transport now, once what it was given has gone out.
   */
  void answered() {
    boolean replacedMeanwhile;
    synchronized (this) {
      if (answered) {
        return;
      }
      answered = true;
      replacedMeanwhile = replacedBeforeAnswer;
    }
    if (replacedMeanwhile) {
      transport.replaced();
    }
  }

  /**
   * Hands the held events to the transport, leaving out those the replay already gave ({@code replayed}: the last
   * number replayed per room), and passes everything straight on from then, but for the events of the rooms still
   * {@code live} for the session that the replay gave before they reached this node.
   */
  synchronized void release(Map<RoomRef, Long> replayed, Set<RoomRef> live) {
    this.replayed.putAll(replayed);
    for (Waiting held : waiting) {
      if (!replayedAlready(held.event())) {
        transport.deliver(new Broadcast(held.event()), held.toOrigin());
      }
    }
    waiting = null;
    this.replayed.keySet().retainAll(live);
  }

  /** Whether it passes everything straight on: released, and no live event of a room is behind its replay. */
  synchronized boolean caughtUp() {
    return waiting == null && replayed.isEmpty();
  }

  /**
   * Whether the replay gave the event already; a room's live event that reaches its replay ends the check, and so does
   * its end: a room Redis lost with its data ends unnumbered, and its number may go to another room, counted from 1.
   */
  private boolean replayedAlready(RoomEvent event) {
    Long last = replayed.get(event.room());
    if (last == null) {
      return false;
    }
    if (event instanceof RoomDeleted) {
      replayed.remove(event.room());
      return event.seq() != 0 && event.seq() <= last;
    }
    if (event.seq() == 0) {
      return false;
    }
    if (event.seq() >= last) {
      replayed.remove(event.room());
    }
    return event.seq() <= last;
  }

  /**
   * Hands the held events to {@code next} instead of the transport, which is gone, and everything delivered here
   * later as well (a delivery that found this recipient just before it was replaced); {@code next} orders them.
   */
  void forwardTo(Recipient next) {
    List<Waiting> held;
    synchronized (this) {
      held = waiting == null ? List.of() : waiting;
      waiting = null;
      onward = Objects.requireNonNull(next, "next");
    }
    for (Waiting event : held) {
      next.deliver(new Broadcast(event.event()), event.toOrigin());
    }
  }
}
