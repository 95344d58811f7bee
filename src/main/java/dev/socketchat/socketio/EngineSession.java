package dev.socketchat.socketio;

import dev.socketchat.connection.Outbox;
import dev.socketchat.metrics.CloseCause;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One Engine.IO session, whatever carries it: its state ({@link EngineState}), the transport that carries it, the
 * packets queued for that transport ({@link PacketQueue}), its {@link EngineHeartbeat} and {@link EngineUpgrade}, and
 * the listener it hands incoming messages to, one at a time.
 *
 * <p>Two locks, both private: {@code lock} guards the state, queue, heartbeat and upgrade, and is never held while
 * calling out but to a transport's non-blocking methods; {@code inbound} keeps the listener's calls in order and is
 * never taken while delivering to other sessions.
 */
public final class EngineSession {
  private static final System.Logger LOG = System.getLogger(EngineSession.class.getName());
  /** Why a session ends when its upgrade's WebSocket goes away after {@code 3probe} ({@link #probeLost}). */
  static final String PROBE_LOST = "transport error: the upgrade's WebSocket went away after its 3probe";
  /** How long {@link #sendApart} holds what follows. */
  private static final long PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final String id;
  private final Handshake handshake;
  private final EngineSessions engine;
  private final Object lock = new Object();
  private final ReentrantLock inbound = new ReentrantLock();
  private EngineListener listener;
  // what the server ended the session's use for, before whoever closes it next (a flooding client's socket)
  private volatile CloseCause endedFor;

  // guarded by lock
  private EngineState state = EngineState.OPENING;
  private Transport transport;
  private final PacketQueue queue = new PacketQueue();
  private final EngineHeartbeat heartbeat;
  private final EngineUpgrade upgrade;

  EngineSession(String id, Handshake handshake, Transport transport, EngineSessions engine) {
    this.id = Objects.requireNonNull(id, "id");
    this.handshake = Objects.requireNonNull(handshake, "handshake");
    this.transport = Objects.requireNonNull(transport, "transport");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.heartbeat =
        new EngineHeartbeat(
            engine.clock(),
            engine.settings().pingInterval(),
            engine.settings().pingTimeout(),
            this::ping,
            () -> close("ping timeout", EnginePacket.CLOSE));
    this.upgrade = new EngineUpgrade(engine.clock(), TimeUnit.MILLISECONDS.toNanos(EngineSessions.UPGRADE_TIMEOUT));
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
    synchronized (lock) {
      String open =
          SharedJson.get().createObjectBuilder()
              .add("sid", id)
              .add("upgrades", transport.upgradable()
                  ? SharedJson.get().createArrayBuilder().add("websocket")
                  : SharedJson.get().createArrayBuilder())
              .add("pingInterval", engine.settings().pingInterval().toMillis())
              .add("pingTimeout", engine.settings().pingTimeout().toMillis())
              .add("maxPayload", engine.settings().maxPayload())
              .build()
              .toString();
      if (state != EngineState.OPENING) {
        return;
      }
      state = EngineState.OPEN;
      heartbeat.start();
      send(List.of(EnginePacket.of(EnginePacket.Type.OPEN, open)));
    }
    inbound.lock();
    try {
      listener.opened();
    } finally {
      inbound.unlock();
    }
  }

  /** Where the session is in its life. */
  EngineState state() {
    synchronized (lock) {
      return state;
    }
  }

  // --- outgoing ----------------------------------------------------------------------------------------------------

  /** Queues packets for the peer, in order and together; never blocks. Ignored once the session is closed. */
  public void send(List<EnginePacket> packets) {
    synchronized (lock) {
      if (state == EngineState.CLOSED || queue.overflowed()) {
        return;
      }
      if (queue.isEmpty() && !queue.paused() && transport.streams() && transport.write(packets)) {
        return; // nothing waited before them: they went straight to the WebSocket's outbox
      }
      if (!queue.add(packets, engine.outboxLimit())) {
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
    synchronized (lock) {
      send(packets);
      if (state == EngineState.CLOSED || queue.paused()) {
        return;
      }
      queue.pause(true);
    }
    if (engine.clock().schedule(this::resume, PAUSE_NANOS) == null) {
      resume();
    }
  }

  private void resume() {
    synchronized (lock) {
      queue.pause(false);
      if (state != EngineState.CLOSED) {
        flush();
      }
    }
  }

  /**
   * Hands what a pause holds back (after a CONNECT's answer) to a WebSocket now, ahead of a close this side is about to
   * decide for what the client did; the pause's end then finds nothing left to hand on.
   */
  void sendHeld() {
    synchronized (lock) {
      if (state != EngineState.CLOSED && !queue.isEmpty() && transport.streams() && transport.write(queue.peek())) {
        queue.take();
      }
    }
  }

  /** Hands the queue to the transport if it can take it. Holds the lock. */
  private void flush() {
    if (!queue.paused() && !queue.isEmpty() && transport.write(queue.peek())) {
      queue.take();
    }
  }

  /** What a GET of the polling transport found (see {@link #poll}). */
  enum PollOutcome {
    /** The session is closed or no longer polls. */
    REFUSED,
    /** Another GET is already waiting. */
    OVERLAP,
    /** Packets were waiting: they are the answer. */
    ANSWERED,
    /** Nothing was waiting: the GET is held until packets are queued. */
    HELD
  }

  /** A GET's outcome, with the packets that answer it when {@link PollOutcome#ANSWERED}. */
  record Poll(PollOutcome outcome, List<EnginePacket> packets) {
    static final Poll REFUSED = new Poll(PollOutcome.REFUSED, List.of());
    static final Poll OVERLAP = new Poll(PollOutcome.OVERLAP, List.of());
    static final Poll HELD = new Poll(PollOutcome.HELD, List.of());

    Poll {
      packets = List.copyOf(packets);
    }
  }

  /**
   * A GET on the polling transport {@code carrier}, taken atomically with what is sent meanwhile: the packets that
   * wait, or, when none do, {@code hold} parks the GET (with the lock held, so it must not block) until packets are
   * queued. During an upgrade a held GET is released soon ({@link Transport#probed}).
   */
  Poll poll(Transport carrier, Runnable hold) {
    synchronized (lock) {
      if (state == EngineState.CLOSED || transport != carrier) {
        return Poll.REFUSED;
      }
      if (carrier.writable()) {
        return Poll.OVERLAP;
      }
      if (!queue.isEmpty()) {
        return new Poll(PollOutcome.ANSWERED, queue.take());
      }
      hold.run();
      if (state == EngineState.UPGRADING) {
        carrier.probed();
      }
      return Poll.HELD;
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
          transport().closedByClient();
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
  boolean expired() {
    synchronized (lock) {
      return state != EngineState.CLOSED && heartbeat.expired();
    }
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

  private void ping() {
    synchronized (lock) {
      if (state == EngineState.CLOSED) {
        return;
      }
      heartbeat.pinged();
      send(List.of(EnginePacket.PING));
    }
  }

  private void pong() {
    synchronized (lock) {
      heartbeat.pong();
    }
  }

  // --- upgrade -----------------------------------------------------------------------------------------------------

  /** A WebSocket opened with this session's id: it becomes the probe, if the session can still upgrade. */
  boolean beginUpgrade(Transport candidate) {
    synchronized (lock) {
      if (state != EngineState.OPEN || !transport.upgradable()) {
        return false;
      }
      state = EngineState.UPGRADING;
      upgrade.begin(candidate, () -> abandonProbe(candidate));
      return true;
    }
  }

  /** A packet on the probe WebSocket: {@code 2probe} is answered, {@code 5} completes the upgrade. */
  void probePacket(Transport candidate, EnginePacket packet) {
    if (packet.type() == EnginePacket.Type.PING && "probe".equals(packet.data())) {
      synchronized (lock) {
        if (state != EngineState.UPGRADING || !upgrade.probing(candidate)) {
          return;
        }
        var unused = candidate.write(List.of(EnginePacket.PONG_PROBE));
        upgrade.answered();
        transport.probed();
      }
    } else if (packet.type() == EnginePacket.Type.UPGRADE) {
      Transport old;
      synchronized (lock) {
        if (state != EngineState.UPGRADING || !upgrade.probing(candidate)) {
          return;
        }
        upgrade.end();
        old = transport;
        transport = candidate;
        state = EngineState.OPEN;
        candidate.activate();
        flush();
      }
      old.replaced();
    } else {
      abandonProbe(candidate);
    }
  }

  /**
   * The probe WebSocket closed or went away before the upgrade packet. Before its {@code 3probe} was written, the
   * client never paused polling: the upgrade is given up and the session carries on polling. After it, the client may
   * have paused polling for the switch, and socket.io-client (engine.io-client 6.6) never resumes a pause whose probe
   * failed: it would poll no more and hear nothing until its own ping timeout (45 s by default). The session then ends
   * as a transport error, its waiting GET answered with a close packet, so the client reconnects at once and recovers
   * its sockets; a client that never got the {@code 3probe} finds its session gone at its next poll and does the same.
   */
  void probeLost(Transport candidate) {
    boolean answered;
    synchronized (lock) {
      if (state != EngineState.UPGRADING || !upgrade.probing(candidate)) {
        return;
      }
      answered = upgrade.wasAnswered();
    }
    if (answered) {
      close(PROBE_LOST, EnginePacket.CLOSE);
    } else {
      abandonProbe(candidate);
    }
  }

  /** Gives up an upgrade that failed or timed out; the session carries on polling. */
  void abandonProbe(Transport candidate) {
    synchronized (lock) {
      if (state != EngineState.UPGRADING || !upgrade.probing(candidate)) {
        return;
      }
      upgrade.end();
      state = EngineState.OPEN;
    }
    candidate.close(null, "upgrade abandoned");
  }

  /** Whether packets from this transport are the session's own (true) or belong to an upgrade probe. */
  boolean carriedBy(Transport candidate) {
    synchronized (lock) {
      return transport == candidate;
    }
  }

  /** Whether the session is open and carried by this transport (so a request of that transport may go on). */
  boolean carries(Transport candidate) {
    synchronized (lock) {
      return state != EngineState.CLOSED && transport == candidate;
    }
  }

  Transport transport() {
    synchronized (lock) {
      return transport;
    }
  }

  // --- closing -----------------------------------------------------------------------------------------------------

  public boolean isClosed() {
    synchronized (lock) {
      return state == EngineState.CLOSED;
    }
  }

  /**
   * Notes that the server ended what the session was for ({@code cause}: a socket disconnected for flooding): its
   * close then counts as that cause when the client closes it or goes away, as its client does once told.
   */
  void endsFor(CloseCause cause) {
    endedFor = Objects.requireNonNull(cause, "cause");
  }

  /** As {@link #endsFor}, unless a cause is noted already. */
  void endsForUnlessNoted(CloseCause cause) {
    if (endedFor == null) {
      endedFor = Objects.requireNonNull(cause, "cause");
    }
  }

  /** Forgets what {@link #endsFor} noted: the client connects a namespace again, and the session is in use again. */
  void inUseAgain() {
    endedFor = null;
  }

  /** What the session's close counts as, given the reason it closed for. */
  CloseCause closeCause(String reason) {
    CloseCause cause = EngineCloses.cause(reason);
    CloseCause noted = endedFor;
    return noted != null && (cause == CloseCause.CLIENT || cause == CloseCause.NETWORK) ? noted : cause;
  }

  /**
   * The client left (its WebSocket's 1001) though its transport was taken for lost first: see {@link
   * EngineListener#leftAfterLoss}.
   */
  void leftAfterLoss(String reason) {
    if (listener != null) {
      inbound.lock();
      try {
        listener.leftAfterLoss(reason);
      } finally {
        inbound.unlock();
      }
    }
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
    Transport candidate;
    synchronized (lock) {
      if (state == EngineState.CLOSED) {
        return;
      }
      state = EngineState.CLOSED;
      heartbeat.stop();
      candidate = upgrade.end();
      List<EnginePacket> held = queue.take(); // a pause after a CONNECT's answer holds them
      current = transport;
      if (!held.isEmpty() && current.streams()) {
        // ahead of the close, which waits for them when it is for what the client did (one at once clears them)
        var unused = current.write(held);
      }
    }
    current.close(last, reason);
    if (candidate != null) {
      candidate.close(null, reason);
    }
    engine.forget(this, reason);
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

  @Override
  public String toString() {
    return "engine.io session " + id;
  }
}
