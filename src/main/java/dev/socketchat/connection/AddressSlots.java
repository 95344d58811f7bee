package dev.socketchat.connection;

import dev.socketchat.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The open connections ({@code /chat} WebSockets and Socket.IO sessions, whatever their transport) per client
 * address, so one address cannot hold more than {@code socketchat.limits.connections-per-address} of them; 0 turns
 * the count off.
 */
@ApplicationScoped
public class AddressSlots {
  private static final System.Logger LOG = System.getLogger(AddressSlots.class.getName());

  /** The reason a connection over the limit is refused with (429 body, 1008 close reason). */
  public static final String REFUSED = "TOO_MANY_CONNECTIONS";

  private final int limit;
  private final Map<String, Integer> open = new ConcurrentHashMap<>();

  /** For CDI's client proxy only. */
  protected AddressSlots() {
    this.limit = 0;
  }

  @Inject
  public AddressSlots(Settings settings) {
    this(settings.connectionsPerAddress());
  }

  /** Slots for at most {@code limit} connections per address; 0 means no limit. */
  public AddressSlots(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("socketchat.limits.connections-per-address must be 0 (off) or more");
    }
    this.limit = limit;
  }

  /** Whether a new connection from this address would be refused now. */
  public boolean isFull(String address) {
    return limit > 0 && address != null && open.getOrDefault(address, 0) >= limit;
  }

  /**
   * Takes a slot for a new connection from {@code address}, or returns null when the address has all its slots. An
   * unknown address (null) or no limit gets a slot that counts nothing.
   */
  public Slot take(String address) {
    if (limit == 0 || address == null) {
      return Slot.UNCOUNTED;
    }
    boolean[] taken = {false};
    open.compute(
        address,
        (key, count) -> {
          int now = count == null ? 0 : count;
          if (now >= limit) {
            return count;
          }
          taken[0] = true;
          return now + 1;
        });
    return taken[0] ? new Slot(this, address) : null;
  }

  /** How many connections from this address hold a slot. */
  public int count(String address) {
    return open.getOrDefault(address, 0);
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

  private void release(String address) {
    open.computeIfPresent(address, (key, count) -> count <= 1 ? null : count - 1);
  }

  /** One connection's slot; releasing it more than once releases it once. */
  public static final class Slot {
    /** A slot that counts nothing. */
    public static final Slot UNCOUNTED = new Slot(null, null);

    private final AddressSlots slots;
    private final String address;
    private final AtomicBoolean released = new AtomicBoolean();

    private Slot(AddressSlots slots, String address) {
      this.slots = slots;
      this.address = address;
    }

    /** Frees the slot for another connection from the same address. */
    public void release() {
      if (slots != null && released.compareAndSet(false, true)) {
        slots.release(address);
      }
    }
  }
}
