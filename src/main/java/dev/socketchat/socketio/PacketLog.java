package dev.socketchat.socketio;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.LongSupplier;

/**
 * One namespace's broadcasts of the last while, room by room, each under its offset (Socket.IO's connection state
 * recovery: what a socket missed while its connection was down is replayed from here). Offsets count up node-wide;
 * within a room they follow the order its members received the packets. Every packet has an offset of its own (a
 * broadcast of two packets takes two in a row, the entry's being its last), since a connection can drop between two
 * packets of one broadcast: the client then sends back the first one's, and gets the rest.
 *
 * <p>A room keeps at most {@link #ROOM_CAP} packets, each for {@code retention}; whatever goes makes the room's
 * {@code floor}, and a socket that would need anything at or below it is refused recovery (it starts afresh) rather
 * than given a gap. A room whose every packet has expired is forgotten, floor and all: a socket that is still within
 * its window cannot have missed packets that old, since it answered pings after they were sent. Expired packets go
 * at the latest a second after the next broadcast, or when {@link #forgetExpired} runs (on a timer, so that a burst of
 * chat followed by silence does not hold its packets until somebody speaks again).
 */
public final class PacketLog {
  /** The most packets one room keeps: the chat of a busy room over a minute, a few hundred kilobytes at most. */
  public static final int ROOM_CAP = 1_000;

  /** How often expired packets are forgotten, from a broadcast or from a timer ({@link #forgetExpired}). */
  public static final Duration SWEEP = Duration.ofSeconds(1);

  private static final long SWEEP_NANOS = SWEEP.toNanos();

  private final long retentionNanos;
  private final int roomCap;
  private final LongSupplier clock;
  private final AtomicLong offsets = new AtomicLong();
  private final AtomicLong lastSweep;
  private final Map<String, RoomPackets> rooms = new ConcurrentHashMap<>();

  /**
   * One logged broadcast: its offset (its last packet's), its room, and the packets, each with its own offset in it,
   * counting up to the entry's.
   */
  public record Entry(long offset, String room, long loggedAt, List<EnginePacket> packets) {
    public Entry {
      Objects.requireNonNull(room, "room");
      packets = List.copyOf(packets);
    }

    /** This broadcast without the packets at or below {@code received}: what a client that got that one lacks. */
    public Entry after(long received) {
      long seen = received - (offset - packets.size());
      if (seen <= 0) {
        return this;
      }
      return new Entry(offset, room, loggedAt, packets.subList((int) Math.min(seen, packets.size()), packets.size()));
    }
  }

  /** A log on the system's monotonic clock. */
  public PacketLog(Duration retention) {
    this(retention, ROOM_CAP, System::nanoTime);
  }

  PacketLog(Duration retention, int roomCap, LongSupplier clock) {
    if (retention.isNegative() || retention.isZero() || roomCap < 1) {
      throw new IllegalArgumentException("a packet log keeps packets for a while, and at least one per room");
    }
    this.retentionNanos = retention.toNanos();
    this.roomCap = roomCap;
    this.clock = Objects.requireNonNull(clock, "clock");
    this.lastSweep = new AtomicLong(clock.getAsLong());
  }

  /** The offset of the latest packet logged, in any room (0 before the first). */
  public long latest() {
    return offsets.get();
  }

  /**
   * The offset of the latest packet logged in {@code room} before {@code offset} (its floor once none is kept; 0
   * before the first): where the room stood just before a broadcast whose first packet has that offset.
   */
  public long latestBefore(String room, long offset) {
    RoomPackets log = rooms.get(room);
    if (log == null) {
      return 0;
    }
    synchronized (log) {
      for (Iterator<Entry> newest = log.packets.descendingIterator(); newest.hasNext(); ) {
        Entry entry = newest.next();
        if (entry.offset() < offset) {
          return entry.offset();
        }
      }
      return log.floor;
    }
  }

  /** The offset of the latest packet logged in {@code room} (its floor once none is kept; 0 before the first). */
  public long latest(String room) {
    RoomPackets log = rooms.get(room);
    if (log == null) {
      return 0;
    }
    synchronized (log) {
      return log.packets.isEmpty() ? log.floor : log.packets.peekLast().offset();
    }
  }

  /**
   * Logs a broadcast of one packet to a room: gives it the next offset, renders it with that offset and keeps it.
   *
   * @param render the packet for an offset (its decimal form goes last in the event's arguments)
   */
  public Entry append(String room, LongFunction<List<EnginePacket>> render) {
    return append(room, 1, render);
  }

  /**
   * Logs a broadcast of {@code packets} packets to a room: gives them the next offsets, one each, renders them with
   * those offsets and keeps them.
   *
   * @param render the packets for the first of their offsets (the first packet's; each next one's is one more)
   */
  public Entry append(String room, int packets, LongFunction<List<EnginePacket>> render) {
    if (packets < 1) {
      throw new IllegalArgumentException("a broadcast has at least one packet, not " + packets);
    }
    long now = clock.getAsLong();
    Entry entry = null;
    while (entry == null) {
      RoomPackets log = rooms.computeIfAbsent(room, key -> new RoomPackets());
      synchronized (log) {
        if (log.gone) {
          continue; // swept meanwhile: take the fresh one
        }
        long offset = offsets.addAndGet(packets);
        entry = new Entry(offset, room, now, render.apply(offset - packets + 1));
        if (entry.packets().size() != packets) {
          throw new IllegalStateException(packets + " packets announced, " + entry.packets().size() + " rendered");
        }
        log.packets.addLast(entry);
        log.trim(now, roomCap, retentionNanos);
      }
    }
    long last = lastSweep.get();
    if (now - last > SWEEP_NANOS && lastSweep.compareAndSet(last, now)) {
      sweep(now);
    }
    return entry;
  }

  /**
   * What a socket missed: every packet of its rooms logged after {@code bounds.get(room)}, in offset order (of a
   * broadcast whose first packets are at or below the bound, the rest).
   *
   * @param bounds each of the socket's rooms, with the offset after which its packets are the socket's to get
   * @return the packets, or empty when some of them are gone (the room kept fewer, or not for long enough)
   */
  public Optional<List<Entry>> after(Map<String, Long> bounds) {
    return after(bounds, Map.of());
  }

  /**
   * What a socket missed, as {@link #after(Map)} says, but of each room in {@code ends} only the packets up to its end
   * (the offset of the room's last packet before the socket was removed from it).
   */
  public Optional<List<Entry>> after(Map<String, Long> bounds, Map<String, Long> ends) {
    long now = clock.getAsLong();
    List<Entry> missed = new ArrayList<>();
    for (Map.Entry<String, Long> bound : bounds.entrySet()) {
      RoomPackets log = rooms.get(bound.getKey());
      if (log == null) {
        continue;
      }
      synchronized (log) {
        log.trim(now, roomCap, retentionNanos);
        if (log.floor > bound.getValue()) {
          return Optional.empty();
        }
        long end = ends.getOrDefault(bound.getKey(), Long.MAX_VALUE);
        for (Entry entry : log.packets) {
          if (entry.offset() > bound.getValue() && entry.offset() <= end) {
            missed.add(entry.after(bound.getValue()));
          }
        }
      }
    }
    missed.sort(Comparator.comparingLong(Entry::offset));
    return Optional.of(List.copyOf(missed));
  }

  /** How many packets the log holds, over all rooms (for tests and leak checks). */
  public int size() {
    int size = 0;
    for (RoomPackets log : rooms.values()) {
      synchronized (log) {
        size += log.packets.size();
      }
    }
    return size;
  }

  /** Forgets the packets that have expired by now, and the rooms left with none. */
  public void forgetExpired() {
    long now = clock.getAsLong();
    lastSweep.set(now);
    sweep(now);
  }

  /** Forgets expired packets, and the rooms left with none. */
  void sweep(long now) {
    rooms.forEach(
        (room, log) -> {
          synchronized (log) {
            log.trim(now, roomCap, retentionNanos);
            if (log.packets.isEmpty()) {
              log.gone = true;
            }
          }
        });
    rooms.values().removeIf(log -> log.gone);
  }

  /** One room's packets, oldest first, and the highest offset it no longer has. */
  private static final class RoomPackets {
    final Deque<Entry> packets = new ArrayDeque<>();
    long floor;
    volatile boolean gone;

    void trim(long now, int cap, long retention) {
      while (!packets.isEmpty()
          && (packets.size() > cap || now - packets.peekFirst().loggedAt() > retention)) {
        floor = packets.removeFirst().offset();
      }
    }
  }
}
