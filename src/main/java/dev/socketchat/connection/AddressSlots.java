package dev.socketchat.connection;

import dev.socketchat.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The open connections ({@code /chat} WebSockets and Socket.IO sessions, whatever their transport) per client
 * address, so one address cannot hold more than {@code socketchat.limits.connections-per-address} of them; 0 turns
 * the count off. What a connection leaves behind when it ends (its flood limits, as far as they are spent) goes to
 * the next connection from its address for as long as the limits take to fill again, so reconnecting starts no
 * fresh burst.
 */
@ApplicationScoped
public class AddressSlots {
  private static final System.Logger LOG = System.getLogger(AddressSlots.class.getName());

  /** The reason a connection over the limit is refused with (429 body, 1008 close reason). */
  public static final String REFUSED = "TOO_MANY_CONNECTIONS";

  // every so many slots taken, addresses with nothing open and nothing left to hand on are forgotten
  private static final int SWEEP_EVERY = 1024;

  private final int limit;
  private final long keepNanos;
  private final LongSupplier nanoTime;
  private final Map<String, Place> places = new ConcurrentHashMap<>();
  private final AtomicInteger taken = new AtomicInteger();
  private final LongAdder refused = new LongAdder();

  /** For CDI's client proxy only. */
  protected AddressSlots() {
    this(0);
  }

  @Inject
  public AddressSlots(Settings settings) {
    this(settings.connectionsPerAddress(), settings.limits().refill(), System::nanoTime);
  }

  /** Slots for at most {@code limit} connections per address; 0 means no limit. Nothing is handed on. */
  public AddressSlots(int limit) {
    this(limit, Duration.ZERO, System::nanoTime);
  }

  /**
   * Slots for at most {@code limit} connections per address, 0 meaning no limit; what an ended connection leaves
   * behind is handed to the next from its address for {@code keep}, timed by {@code nanoTime}.
   */
  public AddressSlots(int limit, Duration keep, LongSupplier nanoTime) {
    if (limit < 0) {
      throw new IllegalArgumentException("socketchat.limits.connections-per-address must be 0 (off) or more");
    }
    this.limit = limit;
    this.keepNanos = keep.toNanos();
    this.nanoTime = nanoTime;
  }

  /**
   * Whether a new connection from this address is refused now, for the layer in front of the handshake that answers
   * it 429; a refusal is counted ({@link #refused}).
   */
  public boolean refuses(String address) {
    boolean full = limit > 0 && address != null && count(address) >= limit;
    if (full) {
      refused.increment();
    }
    return full;
  }

  /** How many connections were refused for their address since the start: at the handshake, or by {@link #take}. */
  public long refused() {
    return refused.sum();
  }

  /**
   * Takes a slot for a new connection from {@code address}, or returns null when the address has all its slots. An
   * unknown address (null) or no limit gets a slot that counts nothing.
   */
  public Slot take(String address) {
    if (limit == 0 || address == null) {
      return Slot.UNCOUNTED;
    }
    long now = nanoTime.getAsLong();
    if (taken.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep(now);
    }
    Slot[] slot = {null};
    places.compute(
        address,
        (key, place) -> {
          Place here = place == null ? new Place() : place;
          here.prune(now);
          if (here.openNow() < limit) {
            here.opened();
            slot[0] = new Slot(this, address);
          }
          return here.forgotten() ? null : here;
        });
    if (slot[0] == null) {
      refused.increment();
    }
    return slot[0];
  }

  /** How many connections from this address hold a slot. */
  public int count(String address) {
    Place place = places.get(address);
    return place == null ? 0 : place.openNow();
  }

  /** How many addresses are remembered: with connections open, or with something left to hand on. */
  int addresses() {
    return places.size();
  }

  /**
   * Closes a connection its address has no slot for with 1008 {@code TOO_MANY_CONNECTIONS}: the layer in front
   * answers such handshakes 429, so this happens only where it cannot, or when two handshakes raced for the last slot.
   */
  public static void closeOverLimit(Session session) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, REFUSED));
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing a connection over its address limit failed: {0}", e.toString());
    }
  }

  private Object takeLeftover(String address, Class<?> type) {
    Object[] found = {null};
    places.computeIfPresent(
        address,
        (key, place) -> {
          place.prune(nanoTime.getAsLong());
          found[0] = place.take(type);
          return place;
        });
    return found[0];
  }

  private void takeOver(String address, Object thing) {
    places.computeIfPresent(
        address,
        (key, place) -> {
          place.forget(thing);
          return place;
        });
  }

  private void leave(String address, List<Object> leftBehind, boolean closing) {
    long until = nanoTime.getAsLong() + keepNanos;
    places.computeIfPresent(
        address,
        (key, place) -> {
          if (closing) {
            place.closed();
          }
          if (keepNanos > 0) {
            for (Object thing : leftBehind) {
              place.leave(thing, until, limit);
            }
          }
          return place.forgotten() ? null : place;
        });
  }

  private void sweep(long now) {
    for (String address : places.keySet()) {
      places.computeIfPresent(
          address,
          (key, place) -> {
            place.prune(now);
            return place.forgotten() ? null : place;
          });
    }
  }

  /** One address's open connections and what its ended ones left behind; changed only inside the map's compute. */
  private static final class Place {
    private volatile int open;
    private final ArrayDeque<LeftBehind> left = new ArrayDeque<>(1);

    int openNow() {
      return open;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // only inside the map's compute, which locks the entry
    void opened() {
      open++;
    }

    @SuppressWarnings("NonAtomicVolatileUpdate") // as above
    void closed() {
      open--;
    }

    void prune(long now) {
      left.removeIf(thing -> now - thing.until() >= 0);
    }

    Object take(Class<?> type) {
      for (Iterator<LeftBehind> it = left.iterator(); it.hasNext(); ) {
        Object thing = it.next().thing();
        if (type.isInstance(thing)) {
          it.remove();
          return thing;
        }
      }
      return null;
    }

    void forget(Object thing) {
      left.removeIf(kept -> kept.thing() == thing);
    }

    void leave(Object thing, long until, int most) {
      forget(thing); // left behind by two connections that had it one after the other: kept once
      left.addLast(new LeftBehind(thing, until));
      while (left.size() > most) {
        left.removeFirst();
      }
    }

    boolean forgotten() {
      return open <= 0 && left.isEmpty();
    }
  }

  private record LeftBehind(Object thing, long until) {}

  /** One connection's slot; releasing it more than once releases it once. */
  public static final class Slot {
    /** A slot that counts nothing and hands nothing on. */
    public static final Slot UNCOUNTED = new Slot(null, null);

    private final AddressSlots slots;
    private final String address;
    // what the connection has and leaves behind; both guarded by this slot's lock
    private final List<Object> held = new ArrayList<>(1);
    private boolean released;

    private Slot(AddressSlots slots, String address) {
      this.slots = slots;
      this.address = address;
    }

    /**
     * What a connection from this address left behind of the given type within the keep time (the oldest first),
     * else {@code fresh}'s; either way this connection leaves it behind in turn when its slot is released.
     */
    public <T> T inherit(Class<T> type, Supplier<? extends T> fresh) {
      if (slots == null) {
        return fresh.get();
      }
      synchronized (this) {
        if (released) {
          return fresh.get(); // a connection that ended meanwhile: what it would take stays for the next
        }
        Object thing = slots.takeLeftover(address, type);
        T mine = thing == null ? fresh.get() : type.cast(thing);
        held.add(mine);
        return mine;
      }
    }

    /**
     * Takes {@code thing} on in place of {@code instead} (or of nothing): a session resumed or recovered on this
     * connection brings its own flood limits, which no other connection may inherit now, and which this one leaves
     * behind in turn; {@code instead}, which it had until then, is left behind at once.
     */
    public void adopt(Object thing, Object instead) {
      if (slots == null || thing == instead) {
        return;
      }
      synchronized (this) {
        if (released) {
          return;
        }
        slots.takeOver(address, thing);
        held.removeIf(mine -> mine == thing || mine == instead);
        held.add(thing);
        if (instead != null) {
          slots.leave(address, List.of(instead), false);
        }
      }
    }

    /** Frees the slot for another connection from the same address, leaving behind what it had. */
    public void release() {
      if (slots == null) {
        return;
      }
      List<Object> leftBehind;
      synchronized (this) {
        if (released) {
          return;
        }
        released = true;
        leftBehind = List.copyOf(held);
      }
      slots.leave(address, leftBehind, true);
    }
  }
}
