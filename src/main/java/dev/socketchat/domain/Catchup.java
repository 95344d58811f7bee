package dev.socketchat.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The recipient of a resumed session while its missed events are replayed: live events wait, then follow the replay
 * without repeating any of it.
 */
final class Catchup implements Recipient {
  private final Recipient transport;
  private List<Waiting> waiting = new ArrayList<>(); // null once released; guarded by this
  private Recipient onward; // where deliveries go instead of the transport, once forwarded; guarded by this

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
      (onward == null ? transport : onward).deliver(broadcast, toOrigin);
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

  /** A resume on yet another connection took the session over before this replay was done: the transport closes. */
  @Override
  public void replaced() {
    transport.replaced();
  }

  /**
   * Hands the held events to the transport, leaving out those the replay already gave ({@code replayed}: the last
   * number replayed per room), and passes everything straight on from then.
   */
  synchronized void release(Map<RoomRef, Long> replayed) {
    for (Waiting held : waiting) {
      long seq = held.event().seq();
      if (seq == 0 || seq > replayed.getOrDefault(held.event().room(), 0L)) {
        transport.deliver(new Broadcast(held.event()), held.toOrigin());
      }
    }
    waiting = null;
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
