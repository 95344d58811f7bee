package dev.socketchat.domain;

import java.util.ArrayList;
import java.util.List;

/** A recipient that keeps what it was handed, as (event, toOrigin) pairs, for engine tests. */
final class RecordingRecipient implements Recipient {
  /** One delivery. */
  record Delivery(RoomEvent event, boolean toOrigin, Object shared) {}

  private final List<Delivery> deliveries = new ArrayList<>();
  private int evictions;
  private int replacements;
  private String session;

  @Override
  public synchronized void deliver(Broadcast broadcast, boolean toOrigin) {
    deliveries.add(new Delivery(broadcast.event(), toOrigin, broadcast.frame(RENDER)));
  }

  /** A renderer that counts its calls, to prove a broadcast is rendered once. */
  static final java.util.concurrent.atomic.AtomicInteger RENDERS = new java.util.concurrent.atomic.AtomicInteger();

  static final java.util.function.Function<RoomEvent, Object> RENDER =
      event -> {
        RENDERS.incrementAndGet();
        return new Object();
      };

  @Override
  public synchronized void evict() {
    evictions++;
  }

  @Override
  public synchronized void sessionOpened(String token) {
    session = token;
  }

  @Override
  public synchronized void replaced() {
    replacements++;
  }

  /** The session token the engine gave this transport, or null. */
  synchronized String session() {
    return session;
  }

  /** How often the engine told the transport its session was resumed on another connection. */
  synchronized int replacements() {
    return replacements;
  }

  /** How often the engine asked the transport to close this connection because the registry removed it. */
  synchronized int evictions() {
    return evictions;
  }

  /** What was delivered so far, left in place. */
  synchronized List<Delivery> peek() {
    return List.copyOf(deliveries);
  }

  synchronized List<Delivery> take() {
    List<Delivery> taken = List.copyOf(deliveries);
    deliveries.clear();
    return taken;
  }

  synchronized List<RoomEvent.Kind> kinds() {
    List<RoomEvent.Kind> kinds = new ArrayList<>();
    deliveries.forEach(d -> kinds.add(d.event().kind()));
    deliveries.clear();
    return kinds;
  }
}
