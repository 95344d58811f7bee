package dev.socketchat.socketio;

import dev.socketchat.websocket.Outbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Engine.IO session, whatever carries it: queues outgoing packets until its transport can take them, keeps the
 * heartbeat (ping, then close if no pong comes in time), moves from polling to a WebSocket on upgrade, and hands
 * incoming messages to its listener one at a time.
 *
 * <p>Two locks: the session's monitor guards its state and is never held while calling out; {@code inbound} keeps
 * the listener's calls in order and is never taken while delivering to other sessions.
 */
public final class EngineSession {
  private static final System.Logger LOG = System.getLogger(EngineSession.class.getName());
  /** How long {@link #sendApart} holds what follows. */
  private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final String id;
  private final Handshake handshake;
  private final EngineSessions engine;
  private final ReentrantLock inbound = new ReentrantLock();
  private EngineListener listener;

  // guarded by this
  private Transport transport;
  private WebSocketTransport probe;
  private boolean upgraded;
  private boolean closed;
  private boolean overflowing;
  private boolean paused;
  private List<EnginePacket> buffer = new ArrayList<>();
  private long buffered;
  private ScheduledFuture<?> nextPing;
  private ScheduledFuture<?> pongTimeout;
  private ScheduledFuture<?> upgradeTimeout;
  private long pongDeadline;

  EngineSession(String id, Handshake handshake, Transport transport, EngineSessions engine) {
    this.id = Objects.requireNonNull(id, "id");
    this.handshake = Objects.requireNonNull(handshake, "handshake");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  /** The session id ({@code sid}). */
  public String id() {
    return id;
  }

  public Handshake handshake() {
    return handshake;
  }

  /** Sends the open packet, starts the heartbeat and tells the listener. */
  void start(EngineListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    String open =
        SharedJson.get().createObjectBuilder()
            .add("sid", id)
            .add("upgrades", transport instanceof PollingTransport
                ? SharedJson.get().createArrayBuilder().add("websocket")
                : SharedJson.get().createArrayBuilder())
            .add("pingInterval", engine.settings().pingInterval().toMillis())
            .add("pingTimeout", engine.settings().pingTimeout().toMillis())
            .add("maxPayload", engine.settings().maxPayload())
            .build()
            .toString();
    synchronized (this) {
      schedulePing();
      send(List.of(EnginePacket.of(EnginePacket.Type.OPEN, open)));
    }
    inbound.lock();
    try {
      listener.opened();
    } finally {
      inbound.unlock();
    }
  }

  // --- outgoing ----------------------------------------------------------------------------------------------------

  /** Queues packets for the peer, in order and together; never blocks. Ignored once the session is closed. */
  public void send(List<EnginePacket> packets) {
    synchronized (this) {
      if (closed || overflowing) {
        return;
      }
      if (buffer.isEmpty() && !paused && transport.writable() && transport instanceof WebSocketTransport) {
        transport.write(packets); // nothing waits before them: straight to the WebSocket's outbox
        return;
      }
      for (EnginePacket packet : packets) {
        buffer.add(packet);
        buffered += packet.weight();
      }
      if (buffered > engine.outboxLimit()) {
        overflowing = true;
        buffer = new ArrayList<>();
        buffered = 0;
        engine.defer(() -> close("too slow: outbound buffer full", EnginePacket.CLOSE));
        return;
      }
      flush();
    }
  }

  public void send(EnginePacket packet) {
    send(List.of(packet));
  }

  /**
   * Sends packets, then holds whatever follows for a moment, so the peer reads them in a read of their own. Used for
   * the answer to a namespace CONNECT, which the handler's first emits follow at once: clients that take one message
   * per read (as the reference compliance suite does) would miss the second of two frames arriving together. The
   * reference server gets the same gap from its event loop.
   */
  void sendApart(List<EnginePacket> packets) {
    synchronized (this) {
      send(packets);
      if (closed || paused) {
        return;
      }
      paused = true;
    }
    if (engine.schedule(this::resume, PAUSE_NANOS) == null) {
      resume();
    }
  }

  private synchronized void resume() {
    paused = false;
    if (!closed) {
      flush();
    }
  }

  /** Hands the buffer to the transport if it can take it. Holds the lock. */
  private void flush() {
    if (!paused && !buffer.isEmpty() && transport.writable()) {
      List<EnginePacket> out = buffer;
      buffer = new ArrayList<>();
      buffered = 0;
      transport.write(out);
    }
  }

  // --- incoming ----------------------------------------------------------------------------------------------------

  /**
   * A packet from the session's current transport. Violations and handler failures close the session. What the
   * handling sends to WebSocket peers (a room's broadcast) is queued in order and written once it is done, after the
   * room's lock is released.
   *
   * @return false when the packet broke the protocol (the session is then closed with reason {@code parse error})
   */
  boolean receive(EnginePacket packet) {
    boolean[] lawful = {true};
    inbound.lock();
    try {
      Outbox.sendingAfter(() -> lawful[0] = handle(packet));
    } finally {
      inbound.unlock();
    }
    return lawful[0];
  }

  private boolean handle(EnginePacket packet) {
    try {
      if (isClosed()) {
        return true;
      }
      switch (packet.type()) {
        case PONG -> pong();
        case MESSAGE -> {
          if (packet.isBinary()) {
            listener.binary(packet.bytes());
          } else {
            listener.message(packet.data());
          }
        }
        case CLOSE -> {
          if (transport() instanceof PollingTransport polling) {
            polling.closedByClient();
          }
          close("client close", EnginePacket.NOOP);
        }
        case PING -> throw new ProtocolViolation("clients do not ping in Engine.IO v4");
        case OPEN, UPGRADE, NOOP -> {
          // nothing to do: harmless leftovers of a handshake or an upgrade
        }
      }
    } catch (ProtocolViolation violation) {
      LOG.log(System.Logger.Level.DEBUG, "session {0} closed: {1}", id, violation.getMessage());
      close("parse error: " + violation.getMessage(), EnginePacket.CLOSE);
      return false;
    } catch (RuntimeException failure) {
      LOG.log(System.Logger.Level.WARNING, "unexpected failure in Socket.IO session " + id, failure);
      close("server error", EnginePacket.CLOSE);
    }
    return true;
  }

  /** Whether the peer failed to answer a ping in time, even if the timer has not fired yet. */
  synchronized boolean expired() {
    return !closed && System.nanoTime() - pongDeadline > 0;
  }

  /** Refuses a request of a session whose heartbeat ran out: closes it; true when that happened. */
  boolean closeIfExpired() {
    if (expired()) {
      close("ping timeout", EnginePacket.CLOSE);
      return true;
    }
    return false;
  }

  // --- heartbeat ---------------------------------------------------------------------------------------------------

  /**
   * Holds the lock. The pong for the next ping is due one interval plus one timeout from now (later if the ping goes
   * out late).
   */
  private void schedulePing() {
    long interval = engine.settings().pingInterval().toNanos();
    pongDeadline = System.nanoTime() + interval + engine.settings().pingTimeout().toNanos();
    nextPing = engine.schedule(this::ping, interval);
  }

  private void ping() {
    synchronized (this) {
      if (closed) {
        return;
      }
      nextPing = null;
      // the peer has pingTimeout from now, even if this timer ran late
      long due = System.nanoTime() + engine.settings().pingTimeout().toNanos();
      if (due - pongDeadline > 0) {
        pongDeadline = due;
      }
      send(List.of(EnginePacket.PING));
      pongTimeout =
          engine.schedule(
              () -> close("ping timeout", EnginePacket.CLOSE), engine.settings().pingTimeout().toNanos());
    }
  }

  private synchronized void pong() {
    if (pongTimeout != null) {
      pongTimeout.cancel(false);
      pongTimeout = null;
      schedulePing();
    }
  }

  // --- upgrade -----------------------------------------------------------------------------------------------------

  /** A WebSocket opened with this session's id: it becomes the probe, if the session can still upgrade. */
  boolean beginUpgrade(WebSocketTransport candidate) {
    synchronized (this) {
      if (closed || upgraded || probe != null || !(transport instanceof PollingTransport)) {
        return false;
      }
      probe = candidate;
      upgradeTimeout =
          engine.schedule(() -> abandonProbe(candidate), TimeUnit.MILLISECONDS.toNanos(EngineSessions.UPGRADE_TIMEOUT));
      return true;
    }
  }

  /** A packet on the probe WebSocket: {@code 2probe} is answered, {@code 5} completes the upgrade. */
  void probePacket(WebSocketTransport candidate, EnginePacket packet) {
    if (packet.type() == EnginePacket.Type.PING && "probe".equals(packet.data())) {
      synchronized (this) {
        if (probe != candidate || closed) {
          return;
        }
        candidate.write(List.of(EnginePacket.PONG_PROBE));
        if (transport instanceof PollingTransport polling) {
          polling.releaseSoon();
        }
      }
    } else if (packet.type() == EnginePacket.Type.UPGRADE) {
      Transport old;
      synchronized (this) {
        if (probe != candidate || closed) {
          return;
        }
        cancel(upgradeTimeout);
        old = transport;
        transport = candidate;
        probe = null;
        upgraded = true;
        candidate.activate();
        flush();
      }
      ((PollingTransport) old).upgraded();
    } else {
      abandonProbe(candidate);
    }
  }

  /** Gives up an upgrade that failed or timed out; the session carries on polling. */
  void abandonProbe(WebSocketTransport candidate) {
    synchronized (this) {
      if (probe != candidate) {
        return;
      }
      probe = null;
      cancel(upgradeTimeout);
    }
    candidate.close(null, "upgrade abandoned");
  }

  /** Whether packets from this WebSocket are the session's own (true) or belong to an upgrade probe. */
  synchronized boolean carriedBy(Transport candidate) {
    return transport == candidate;
  }

  /** Whether the session currently polls (false once upgraded to a WebSocket). */
  synchronized boolean polling() {
    return transport instanceof PollingTransport;
  }

  synchronized Transport transport() {
    return transport;
  }

  /** Holds the lock: whether packets are queued. */
  boolean drainable() {
    return !buffer.isEmpty();
  }

  /** Holds the lock: takes every queued packet (for a GET answered at once); empty when none wait. */
  List<EnginePacket> drain() {
    List<EnginePacket> out = buffer;
    buffer = new ArrayList<>();
    buffered = 0;
    return out;
  }

  /** Holds the lock: whether an upgrade probe is under way (a GET then gets a noop instead of waiting). */
  boolean upgrading() {
    return probe != null;
  }

  // --- closing -----------------------------------------------------------------------------------------------------

  public synchronized boolean isClosed() {
    return closed;
  }

  /** Closes the session from the server side (the peer's transport gets a close packet or a close frame). */
  public void close(String reason) {
    close(reason, EnginePacket.CLOSE);
  }

  /**
   * Ends the session once: stops the heartbeat, ends its transports ({@code last} goes to a waiting GET), forgets
   * it, then tells the listener.
   */
  void close(String reason, EnginePacket last) {
    Transport current;
    WebSocketTransport candidate;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      cancel(nextPing);
      cancel(pongTimeout);
      cancel(upgradeTimeout);
      buffer = new ArrayList<>();
      buffered = 0;
      current = transport;
      candidate = probe;
      probe = null;
    }
    current.close(last, reason);
    if (candidate != null) {
      candidate.close(null, reason);
    }
    engine.forget(this);
    LOG.log(System.Logger.Level.DEBUG, "session {0} closed: {1}", id, reason);
    if (listener != null) {
      inbound.lock();
      try {
        listener.closed(reason);
      } catch (RuntimeException failure) {
        LOG.log(System.Logger.Level.WARNING, "failure while closing Socket.IO session " + id, failure);
      } finally {
        inbound.unlock();
      }
    }
  }

  private static void cancel(ScheduledFuture<?> task) {
    if (task != null) {
      task.cancel(false);
    }
  }

  @Override
  public String toString() {
    return "engine.io session " + id;
  }
}
