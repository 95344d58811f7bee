package dev.socketchat.socketio;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;

/**
 * Where one socket's packets go, and where the socket is in its life: held back while it is admitted or recovered
 * (they follow its CONNECT answer), to the connection that carries it while it is open, nowhere while it is suspended
 * (a recovery replays them from the {@link PacketLog}). A private lock orders the changes with what is sent meanwhile.
 */
final class SocketLink {
  /** Where a socket is in its life. */
  enum State {
    /** Created; the namespace has not admitted it yet. */
    NEW,
    /** Admitted; its CONNECT answer has not gone out yet. */
    ADMITTING,
    OPEN,
    /** Its connection dropped; it waits for its client to recover it. */
    SUSPENDED,
    /** Its client came back; the missed packets and the CONNECT answer have not gone out yet. */
    RECOVERING,
    ENDED
  }

  /** The connection a recovery took the socket from (null when it was suspended). */
  record Handover(SocketIoConnection from) {}

  private final Object lock = new Object();
  private final boolean fixed;
  // changed only under lock
  private volatile State state = State.NEW;
  private volatile SocketIoConnection connection;
  // the connection whose end suspended the socket, while it is suspended
  private SocketIoConnection suspendedFrom;
  private volatile List<PacketLog.Entry> held = new ArrayList<>();
  // the last offset the latest recovery replayed, by room: a broadcast logged before the replay was computed may be
  // handed over after it, and is then dropped (a room's broadcasts are handed over in offset order)
  private Map<String, Long> replayed = Map.of();

  /**
   * @param fixed true for a socket that cannot be recovered: its connection never changes, and what is sent to it
   *     once it is open goes out without the lock
   */
  SocketLink(SocketIoConnection connection, boolean fixed) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.fixed = fixed;
  }

  State state() {
    return state;
  }

  /** Whether the socket is admitted and has not ended (it may be suspended). */
  boolean live() {
    State now = state;
    return now != State.NEW && now != State.ENDED;
  }

  /** The connection that carries the socket, or null while it is suspended. */
  SocketIoConnection connection() {
    return connection;
  }

  /** Sends packets to the connection, or holds them until the CONNECT answer has gone out. */
  void deliver(List<EnginePacket> packets, PacketLog.Entry logged) {
    SocketIoConnection target;
    if (fixed && held == null) {
      target = connection; // without recovery the connection never changes, and nothing is held once open
    } else {
      synchronized (lock) {
        if (logged != null && replayedAlready(logged)) {
          return;
        }
        if (held != null) {
          held.add(logged != null ? logged : new PacketLog.Entry(0, "", 0, packets));
          return;
        }
        target = connection;
      }
    }
    if (target != null) {
      target.send(packets);
    }
  }

  void admit() {
    synchronized (lock) {
      if (state == State.NEW) {
        state = State.ADMITTING;
      }
    }
  }

  /** Sends the CONNECT answer, then what was held; from then on packets go straight to the connection. */
  void open(List<EnginePacket> answer) {
    synchronized (lock) {
      SocketIoConnection current = connection;
      current.sendApart(answer);
      held.forEach(entry -> current.send(entry.packets()));
      held = null;
      if (state == State.ADMITTING) {
        state = State.OPEN;
      }
    }
  }

  /** Ends the socket, whatever it is doing; true only for the call that ended it. */
  boolean end() {
    synchronized (lock) {
      if (!live()) {
        return false;
      }
      state = State.ENDED;
      return true;
    }
  }

  /**
   * The connection {@code from} ended: an open socket it carried is suspended when {@code suspends}, else ended.
   *
   * @return the state the socket is now in because of it, or null when {@code from} no longer carried it
   */
  State dropped(SocketIoConnection from, boolean suspends) {
    synchronized (lock) {
      if (connection != from || !live()) {
        return null;
      }
      if (suspends && state == State.OPEN) {
        suspendedFrom = from;
        connection = null;
        state = State.SUSPENDED;
      } else {
        state = State.ENDED;
      }
      return state;
    }
  }

  /** Ends a socket that the end of {@code from} suspended and nothing recovered since: true when it ended so. */
  boolean endSuspendedFrom(SocketIoConnection from) {
    synchronized (lock) {
      if (state != State.SUSPENDED || suspendedFrom != from) {
        return false;
      }
      state = State.ENDED;
      return true;
    }
  }

  /** A suspended socket's window passed: true when it ended because of it (it was not recovered meanwhile). */
  boolean expire() {
    synchronized (lock) {
      if (state != State.SUSPENDED) {
        return false;
      }
      state = State.ENDED;
      return true;
    }
  }

  /**
   * Starts recovering an open or suspended socket: what is sent from now on is held, so that nothing slips between
   * the replay and the CONNECT answer.
   *
   * @return the connection it leaves, or null when it is not open or suspended
   */
  Handover recover() {
    synchronized (lock) {
      if (state != State.OPEN && state != State.SUSPENDED) {
        return null;
      }
      Handover handover = new Handover(connection);
      state = State.RECOVERING;
      connection = null;
      held = new ArrayList<>();
      return handover;
    }
  }

  /**
   * Finishes a recovery on {@code target}: the replay (in offset order), the CONNECT answer, then what was held
   * meanwhile except what the replay already held; what comes later and the replay held is dropped too.
   */
  void recovered(SocketIoConnection target, List<PacketLog.Entry> replay, List<EnginePacket> answer) {
    synchronized (lock) {
      connection = target;
      Map<String, Long> last = new HashMap<>();
      List<EnginePacket> packets = new ArrayList<>();
      for (PacketLog.Entry entry : replay) {
        packets.addAll(entry.packets());
        last.put(entry.room(), entry.offset());
      }
      replayed = Map.copyOf(last);
      if (!packets.isEmpty()) {
        target.send(packets);
      }
      target.sendApart(answer);
      for (PacketLog.Entry entry : held) {
        if (entry.offset() == 0 || !replayedAlready(entry)) {
          target.send(entry.packets());
        }
      }
      held = null;
      if (state == State.RECOVERING || state == State.ADMITTING) {
        state = State.OPEN; // from ADMITTING: a socket taken over from wherever it was (Namespace.recover)
      }
    }
  }

  /** Whether the latest replay sent this broadcast already. Holds the lock. */
  private boolean replayedAlready(PacketLog.Entry logged) {
    Long last = replayed.get(logged.room());
    return last != null && logged.offset() <= last;
  }

  /** A recovery that could not be done ends the socket; true when it ended because of it. */
  boolean unrecovered() {
    synchronized (lock) {
      held = null;
      if (state != State.RECOVERING) {
        return false;
      }
      state = State.ENDED;
      return true;
    }
  }
}
