package dev.socketchat.connection;

import dev.socketchat.metrics.CloseCause;
import dev.socketchat.metrics.Meters;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The frames waiting for one WebSocket connection. Callers only queue; frames go out one at a time through the
 * container's asynchronous send, so a slow reader never blocks whoever delivers to it. A connection whose backlog
 * passes the limit, or whose reader takes nothing for the stall timeout, is closed (1013) and dropped; one that stays
 * silent past the heartbeat timeout likewise (1001).
 * Heartbeat pings take their turn in the same line, between two frames: a busy connection is still pinged, and a
 * write that never completes holds its ping back, so a peer that stopped reading falls silent and is dropped.
 * Protocols with a heartbeat of their own (Engine.IO) get an outbox that the heartbeat never pings.
 * Where the runner offers a {@link FrameSink} (the standalone jar), a text frame is framed once for all the recipients
 * of a broadcast and written through it; elsewhere each goes through the container's send.
 * Where the container completes a send before the socket took the frame ({@link ReadReceipts}: Payara), what a pong
 * does not yet show the reader took is bounded too; there every outbox pings for it, Engine.IO's as well.
 */
public final class Outbox implements FrameRefusals {
  private static final System.Logger LOG = System.getLogger(Outbox.class.getName());
  /**
   * How many backlog limits a reader may leave unread where sends complete before the socket took them: the limit,
   * and room for what the socket buffers hold elsewhere uncounted (Linux lets them grow to megabytes).
   */
  private static final int UNREAD_LIMITS = 4;
  /** The outboxes given frames during {@link #sendingAfter}, on this thread; null outside it. */
  private static final ThreadLocal<List<Outbox>> HELD_BACK = new ThreadLocal<>();
  /** What is to run during {@link #sendingAfter}, on this thread, once the held-back frames went out; null outside. */
  private static final ThreadLocal<List<Runnable>> AFTER_SENDING = new ThreadLocal<>();
  /** When the request being handled on this thread was read ({@link System#nanoTime()}); 0 outside one. */
  private static final ThreadLocal<long[]> CAUSED_AT = ThreadLocal.withInitial(() -> new long[1]);
  private static final VarHandle BACKLOG;
  private static final VarHandle SENDING;
  private static final VarHandle PING_DUE;
  private static final VarHandle CLOSED;
  private static final VarHandle FINISH;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      BACKLOG = lookup.findVarHandle(Outbox.class, "backlog", long.class);
      SENDING = lookup.findVarHandle(Outbox.class, "sending", boolean.class);
      PING_DUE = lookup.findVarHandle(Outbox.class, "pingDue", boolean.class);
      CLOSED = lookup.findVarHandle(Outbox.class, "closed", boolean.class);
      FINISH = lookup.findVarHandle(Outbox.class, "finish", Runnable.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Session session;
  private final RemoteEndpoint.Async remote;
  /** Writes text frames framed once per broadcast, where the runner offers it; null: the portable send. */
  private final FrameSink sink;
  private final long limit;
  /** Runs the calls that may block (pings and closes), never on the caller's or the container's threads. */
  private final Executor blocking;
  /** Runs drops, which take other rooms' locks, never on a delivering thread. */
  private final Executor dropper;
  private final Runnable onDrop;
  private final boolean pinged;
  private final Meters meters;
  /** What the reader took, where a completed send does not say so; null where it does. */
  private final ReadReceipts receipts;
  private final Queue<Frame> queue = new ConcurrentLinkedQueue<>();
  // these four change through VarHandles: atomic objects would cost every idle connection 72 bytes more
  private volatile long backlog;
  @SuppressWarnings("UnusedVariable") // read and set through SENDING
  private volatile boolean sending;

  @SuppressWarnings("UnusedVariable") // read through PING_DUE
  private volatile boolean pingDue;

  private volatile boolean closed;
  /** Whether this outbox closed the connection because the peer seemed gone (silent, not reading, unreachable). */
  private volatile boolean peerLost;
  /** Whether this side began the close (a termination or a shutdown), not the peer nor the container. */
  private volatile boolean terminated;
  /** Why this side closed the connection; null while it has not. */
  private volatile CloseCause cause;
  /** The close this side sent; null while it sent none. */
  private volatile CloseReason sent;
  /** Whether this side closed it for its client to resume its session on another node (a drain). */
  private volatile boolean handedOver;
  /** Whether the client's close frame came first and this side stopped sending for it ({@link #stopForClientsClose}). */
  private volatile boolean clientClosing;
  /** Whether a send or read failed as a network reset does ({@link ContainerCloses#isReset}). */
  private volatile boolean reset;
  /** Whether the close went to the container: this side's (sent or failed), or the container's own report. */
  private volatile boolean closeHanded;
  private volatile long lastHeard = System.nanoTime();
  /** When the send (or ping) in progress began, by {@link System#nanoTime()}; 0 while none is. */
  private volatile long sendingSince;
  /**
   * The close that waits for the queue to drain: the first {@link #terminateAfterSending}'s (set through FINISH), or a
   * {@link #shutdown}'s, which replaces it; null while none does.
   */
  private volatile Runnable finish;

  /**
   * An outbox for the session. {@code refusals} is where the runner's close for a frame it refused goes (see {@link
   * FrameSink#refusesThrough}); null for this outbox itself.
   */
  Outbox(
      Session session,
      long limit,
      Executor blocking,
      Executor dropper,
      Runnable onDrop,
      boolean pinged,
      Meters meters,
      FrameRefusals refusals) {
    this.session = Objects.requireNonNull(session, "session");
    this.remote = session.getAsyncRemote();
    FrameSink offered = FrameSinks.offered(session);
    this.sink = FrameSinks.usable(offered, session);
    Handshakes.forget(session); // the endpoint took its address before it made the outbox
    this.limit = limit;
    this.blocking = Objects.requireNonNull(blocking, "blocking");
    this.dropper = Objects.requireNonNull(dropper, "dropper");
    this.onDrop = Objects.requireNonNull(onDrop, "onDrop");
    this.pinged = pinged;
    this.meters = Objects.requireNonNull(meters, "meters");
    // a ping every eighth of the limit: a reader that keeps up answers long before its unread frames near the bound;
    // outboxes not pinged for the heartbeat (Engine.IO's) are pinged for these too
    this.receipts = ReadReceipts.needed(session) ? new ReadReceipts(Math.max(1, limit / 8)) : null;
    if (refusals != null) {
      refusals.closeThrough(this);
    }
    if (offered != null) {
      offered.refusesThrough(refusals == null ? this : refusals);
    }
  }

  /**
   * One queued frame: text, or binary when {@code bytes} is set; {@code framed}, the text's whole WebSocket frame when
   * it goes out through the sink; {@code weight} counts towards the backlog; {@code causedAt} is when the request that
   * caused it was read (0 when none did).
   */
  @SuppressWarnings("ArrayRecordComponent") // a queue entry, never compared, hashed or printed
  private record Frame(String text, byte[] bytes, byte[] framed, int weight, long causedAt) {}

  /**
   * Queues a text frame; never blocks. Frames sent after the connection closed, or once this side decided to close it
   * after what is queued ({@link #terminateAfterSending}), are discarded.
   */
  public void send(String frame) {
    if (closed || clientClosing) {
      return; // not even framed
    }
    enqueue(
        new Frame(
            frame, null, sink == null ? null : TextFrames.framed(frame), frame.length(), CAUSED_AT.get()[0]));
  }

  /** Queues a binary frame; never blocks. The array must not change afterwards. */
  public void sendBinary(byte[] frame) {
    enqueue(new Frame(null, frame, null, frame.length, CAUSED_AT.get()[0]));
  }

  private void enqueue(Frame frame) {
    if (closed || finish != null || clientClosing) {
      return;
    }
    if ((long) BACKLOG.getAndAdd(this, (long) frame.weight()) + frame.weight() > limit) {
      BACKLOG.getAndAdd(this, (long) -frame.weight());
      terminate(CloseCause.SLOW_READER, CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow: outbound queue full");
      return;
    }
    queue.add(frame);
    List<Outbox> heldBack = HELD_BACK.get();
    if (heldBack != null) {
      heldBack.add(this);
    } else {
      pump();
    }
  }

  /**
   * Runs {@code work} (the handling of one request) with the frames it queues held back, then starts sending them.
   * A broadcast is queued while its room's lock is held, which keeps every member's frames in room order; the
   * writes to the sockets then happen after the lock is released, so the next message for that room does not wait
   * for them.
   */
  public static void sendingAfter(Runnable work) {
    if (HELD_BACK.get() != null) {
      work.run();
      return;
    }
    List<Outbox> touched = new ArrayList<>();
    List<Runnable> after = new ArrayList<>();
    HELD_BACK.set(touched);
    AFTER_SENDING.set(after);
    long[] causedAt = CAUSED_AT.get();
    causedAt[0] = System.nanoTime();
    try {
      work.run();
    } finally {
      causedAt[0] = 0;
      HELD_BACK.remove();
      AFTER_SENDING.remove();
      for (Outbox outbox : touched) {
        outbox.pump();
      }
      after.forEach(Runnable::run);
    }
  }

  /** How many characters (or bytes) are queued and not yet sent. */
  public long backlog() {
    return backlog;
  }

  /** The backlog past which the connection is closed (1013). */
  public long limit() {
    return limit;
  }

  /** Notes a failure of the connection (a send's, or the container's {@code @OnError}): a reset, perhaps. */
  public void failed(Throwable failure) {
    if (ContainerCloses.isReset(failure)) {
      reset = true;
    }
  }

  /** Notes that the peer showed signs of life (a frame or a pong). */
  public void heard() {
    lastHeard = System.nanoTime();
  }

  /** Notes a pong, with the payload it echoes: signs of life, and where sends complete early, how far it read. */
  public void ponged(ByteBuffer payload) {
    heard();
    if (receipts != null) {
      receipts.pong(payload);
    }
  }

  /** Whether the heartbeat pings this connection (false when its protocol keeps a heartbeat of its own). */
  boolean pinged() {
    return pinged;
  }

  /** Whether the connection is still in use. */
  public boolean isOpen() {
    return !closed;
  }

  /** Whether the connection is to close once what is queued has gone out ({@link #terminateAfterSending}). */
  public boolean finishing() {
    return finish != null;
  }

  /**
   * One heartbeat: asks for a ping, which goes out as soon as the frame being sent (if any) is done; drops the
   * connection instead if a send has not completed for {@code timeoutNanos}, not counting the time the process stood
   * still. Silence is {@link #checkSilence}'s.
   */
  void beat(long now, Standstills standstills, long timeoutNanos) {
    if (closed) {
      return;
    }
    long since = sendingSince;
    if (since != 0 && now - since - standstills.since(since) > timeoutNanos) {
      // a write the container never finished: the peer took nothing for a whole heartbeat timeout, or the send was
      // lost; either way nothing more would reach it
      lose(CloseCause.SLOW_READER, CloseReason.CloseCodes.UNEXPECTED_CONDITION, "a send did not complete");
      return;
    }
    pingDue = true;
    pump();
  }

  /**
   * Closes the connection with 1001 when nothing (no message, no pong, and where the runner can tell, no ping) came
   * from it for {@code timeoutNanos}, not counting the time the process stood still.
   */
  void checkSilence(long now, Standstills standstills, long timeoutNanos) {
    long last = lastHeard;
    long pinged = sink == null ? 0 : sink.pingedAt();
    if (pinged != 0 && pinged - last > 0) {
      last = pinged;
    }
    if (!closed && now - last - standstills.since(last) > timeoutNanos) {
      lose(CloseCause.HEARTBEAT, CloseReason.CloseCodes.GOING_AWAY, "no heartbeat");
    }
  }

  /**
   * Closes the connection with 1013 when the frame (or ping) being sent has waited longer than {@code stallNanos} for
   * the reader to take it, not counting the time the process stood still. A send completes once the container has
   * handed the frame to the socket, so a send that does not complete means the socket buffers between us and the
   * reader are full and it took nothing meanwhile.
   */
  void checkStall(long now, Standstills standstills, long stallNanos) {
    long since = sendingSince;
    if (!closed && since != 0 && now - since - standstills.since(since) > stallNanos) {
      lose(
          CloseCause.SLOW_READER,
          CloseReason.CloseCodes.TRY_AGAIN_LATER,
          "too slow: took nothing for " + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms");
    }
  }

  /** Whether this side closed the connection (for what the peer did, a lost peer, or a shutdown). */
  public boolean terminated() {
    return terminated;
  }

  /** Why this side closed the connection; null while it did not. */
  public CloseCause cause() {
    return cause;
  }

  /** Whether this outbox closed the connection because its peer seemed gone rather than for what the peer did. */
  public boolean peerLost() {
    return peerLost;
  }

  /**
   * Whether the container reports the connection closed by its client's own close frame, not by the close this side
   * sent (nor a client's answer to it, which echoes its code), nor without one: a client that said goodbye as a send to
   * it failed (Undertow answers a client's close frame at once, fails the sends queued behind it, and reports the close
   * afterwards), which this outbox took for a loss. A goodbye with the code this side sent counts as its answer, but
   * for a going away (1001) after a failed send, which closes with 1001 too: no answer comes back to a close sent after
   * a send failed, so only that close's own report carries its phrase, and any other going away is the client's.
   * A send that fails behind Undertow's answer closes nothing ({@link #stopForClientsClose}); when this side closes for
   * another reason (a silence or stall timeout) just as the client's close frame comes, Undertow reports the close this
   * side sent, but its connection still says that the client's came first ({@link ContainerCloses#peerClosedFirst}).
   */
  public boolean closedByClient(CloseReason reported) {
    return reported != null && (reportsClientsClose(reported) || ContainerCloses.peerClosedFirst(session));
  }

  /** Whether the report (not null) itself says the client sent its close frame first ({@link #closedByClient}). */
  private boolean reportsClientsClose(CloseReason reported) {
    if (ContainerCloses.withoutCloseFrame(reported)) {
      return false;
    }
    if (reset && ContainerCloses.plainGoodbye(reported)) {
      return false; // Undertow's stand-in for a reset connection, not a client's goodbye
    }
    CloseReason ours = sent;
    if (ours == null || ours.getCloseCode().getCode() != reported.getCloseCode().getCode()) {
      return true;
    }
    return ContainerCloses.goingAway(ours)
        && ContainerCloses.SEND_FAILED.equals(ours.getReasonPhrase())
        && !ContainerCloses.SEND_FAILED.equals(reported.getReasonPhrase());
  }

  /**
   * Whether the container reports its client's own going away (1001) after this outbox took the peer for lost: a close
   * frame from the client ({@link #closedByClient}) with 1001. Not when Undertow reported the close this side sent in
   * its place: the client's code is gone then, and the loss stands.
   */
  public boolean wentAwayAfterLoss(CloseReason reported) {
    return peerLost && reported != null && ContainerCloses.goingAway(reported) && reportsClientsClose(reported);
  }

  /**
   * Stops sending, without a close of this side's, for a send that failed because the client's close frame came first
   * (Undertow answers it at once and fails the sends queued behind): the container still hands on, in order, what the
   * client sent before its close (a Socket.IO page's DISCONNECT, a last message), then reports the close with the
   * client's own code. Closing here instead would race those frames: the endpoint would drop them as sent to a closed
   * connection, and its close would be reported in place of the client's.
   */
  private void stopForClientsClose() {
    clientClosing = true;
    queue.clear();
  }

  /** Closes the connection as {@link #terminate} does, noting that the peer seemed gone (a network's doing). */
  private void lose(CloseCause why, CloseReason.CloseCode code, String detail) {
    Runnable pending = finish;
    if (pending != null) {
      pending.run(); // closing for what the peer did already: a flooder that stopped reading is still a flooder
      return;
    }
    if (!closed) {
      peerLost = true;
    }
    terminate(why, code, detail);
  }

  /**
   * Why the connection ended, once the container reported it closed with {@code reason}: the cause this side closed it
   * for, else what the client's close (or its absence) says.
   */
  public CloseCause closeCause(CloseReason reason) {
    CloseCause ours = cause;
    boolean forAFrame = reason != null && ContainerCloses.forAFrame(reason);
    if (ours != null && !(peerLost && forAFrame)) {
      return ours; // a send that failed as the container closed the connection for a frame was no network's doing
    }
    if (reason == null || ContainerCloses.withoutCloseFrame(reason)) {
      return CloseCause.NETWORK;
    }
    if (ContainerCloses.forTakingNothing(reason)) {
      return CloseCause.SLOW_READER; // the runner's frame guard closed it, past this outbox
    }
    return forAFrame ? CloseCause.PROTOCOL : CloseCause.CLIENT;
  }

  /**
   * Closes the connection with the given code and treats it as dropped; only the first call has an effect. Both happen
   * on other threads: this may be called while a room is delivering, and the drop takes other rooms' locks.
   */
  public void terminate(CloseCause why, CloseReason.CloseCode code, String detail) {
    if (!CLOSED.compareAndSet(this, false, true)) {
      return;
    }
    terminated = true;
    cause = why;
    CloseReason close = new CloseReason(code, detail);
    sent = close;
    queue.clear();
    LOG.log(
        System.Logger.Level.DEBUG, "closing {0} ({1}): {2}", session.getId(), String.valueOf(code.getCode()), detail);
    dropper.execute(onDrop);
    closeElsewhere(close);
  }

  /**
   * Closes the connection as {@link #terminate} does once the frames queued so far have gone to the socket (those the
   * request being handled on this thread queues too), so the last refusal before a close for flooding still reaches
   * the client; nothing queued after that goes out. A reader that takes nothing meanwhile is closed with this code
   * once the stall timeout passes, one that goes silent once the heartbeat timeout does; a shutdown's close stands.
   */
  public void terminateAfterSending(CloseCause why, CloseReason.CloseCode code, String detail) {
    Runnable finishing =
        () -> {
          Runnable close = () -> terminate(why, code, detail);
          if (closed || !FINISH.compareAndSet(this, (Runnable) null, close)) {
            // closed already, or a close waits for the queue (a shutdown's, which may replace this one, or an
            // earlier decision): that close stands
            return;
          }
          terminated = true; // this side is closing it, whatever the peer does meanwhile
          if (!closed) {
            cause = why; // and for this, should the client go (a reset) before the close went out
          }
          pump();
        };
    List<Runnable> after = AFTER_SENDING.get();
    if (after == null) {
      finishing.run();
    } else {
      after.add(finishing);
    }
  }

  /**
   * Closes the connection for a frame refused before the endpoint saw it (too large, unmasked), as {@link
   * #terminateAfterSending} does: the answers to the frames the client sent before it still go out first.
   */
  @Override
  public void refuseFrame(CloseReason close) {
    terminateAfterSending(CloseCause.PROTOCOL, close.getCloseCode(), close.getReasonPhrase());
  }

  /**
   * First step of an orderly shutdown: nothing more is queued on this connection (what is queued already still goes
   * out, {@link #shutdown}); {@code handOver} when the client is to resume its session on another node. That is known
   * before the connection counts as closed, since a request read meanwhile ends the connection's part as soon as it
   * finds it closed (ChatEndpoint), before the close goes out. A connection whose close for what its client did waits
   * for its queue ({@link #terminateAfterSending}) is not handed over: it leaves, as it would have, counted for that.
   *
   * @return false when it was closed already
   */
  boolean stopSending(boolean handOver) {
    boolean decided = finish != null; // only this side's decisions set it before the shutdown's second step
    if (handOver && !closed && !decided) {
      handedOver = true; // written before closed, so whoever reads closed reads this too
    }
    if (CLOSED.compareAndSet(this, false, true)) {
      terminated = true;
      if (!decided) {
        cause = CloseCause.SHUTDOWN;
      }
      return true;
    }
    return false;
  }

  /**
   * Whether this side closed the connection so that its client comes back elsewhere and resumes its session: a drain,
   * where the session is suspended, not ended.
   */
  public boolean handedOver() {
    return handedOver;
  }

  /**
   * Second step of an orderly shutdown: the drop at once (the rooms it leaves send it nothing, as nothing more is
   * queued), and the close frame once the frames queued before the first step have gone to the socket, so that a
   * member reading a little behind gets every message its rooms were sent before the server stopped.
   */
  void shutdown(CloseReason reason) {
    AtomicBoolean once = new AtomicBoolean();
    finish =
        () -> {
          if (once.compareAndSet(false, true)) {
            closeElsewhere(reason);
          }
        };
    pump();
    onDrop.run();
  }

  /**
   * Gives up on the frames a shutdown still has queued for a reader that took nothing for the stall timeout: the close
   * goes out now, behind what the container has already taken.
   */
  void abandon() {
    queue.clear();
    Runnable close = finish;
    if (close != null) {
      close.run();
    }
  }

  /**
   * Whether the connection has ended, as far as this side can tell: its close went to the container and, where the
   * runner can tell ({@link FrameSink#ended}), its socket closed after it.
   */
  boolean ended() {
    return closeHanded && (sink == null || sink.ended());
  }

  /** Marks the connection closed after the container reported it closed. */
  void closed() {
    closed = true;
    closeHanded = true;
    queue.clear();
  }

  /** The container's connection, if it is still open though the container reported the session closed (Undertow). */
  Optional<java.nio.channels.Channel> lingering() {
    return ContainerCloses.lingering(session);
  }

  /** Closes the connection on the blocking executor (the close may block); here once that no longer takes work. */
  private void closeElsewhere(CloseReason reason) {
    try {
      blocking.execute(() -> closeQuietly(reason));
    } catch (RejectedExecutionException stopped) {
      closeQuietly(reason);
    }
  }

  private void closeQuietly(CloseReason reason) {
    try {
      session.close(reason);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "close of {0} failed: {1}", session.getId(), e.toString());
    } finally {
      closeHanded = true;
    }
  }

  private void pump() {
    // a close that waits for the queue (a shutdown's) lets it drain though the connection counts as closed; once the
    // client's close is on its way nothing more goes out, but such a close still does (its queue was cleared)
    while ((!closed || finish != null)
        && (!clientClosing || finish != null)
        && SENDING.compareAndSet(this, false, true)) {
      if (PING_DUE.compareAndSet(this, true, false)) {
        sendingSince = System.nanoTime();
        try {
          blocking.execute(this::ping);
          return;
        } catch (RejectedExecutionException stopped) {
          sendingSince = 0; // the application stops: no ping now, the queue goes on
          sending = false;
          continue;
        }
      }
      Frame frame = queue.poll();
      if (frame == null) {
        sending = false;
        if (!queue.isEmpty()) {
          continue;
        }
        Runnable close = finish;
        if (close != null) {
          if (!queue.isEmpty()) {
            continue; // a frame queued before the close was set, after the check above: it goes out first
          }
          close.run(); // read after sending was released: a close set meanwhile is run here or by whoever set it
        }
        return;
      }
      Completion completion = new Completion(frame);
      sendingSince = System.nanoTime();
      try {
        // a text framed once for every recipient goes past the container's per-send encoding, where the runner allows
        boolean written =
            frame.framed() != null && session.isOpen() && sink.write(frame.framed(), completion);
        if (!written) {
          start(frame, completion);
        }
      } catch (RuntimeException | Error e) {
        // the container could not even start the send (Tyrus throws an Error for text it cannot encode): a frame of
        // ours it cannot carry is our failure, and the connection must not wait for a completion that never comes
        LOG.log(System.Logger.Level.WARNING, "send to " + session.getId() + " could not start", e);
        terminate(CloseCause.ERROR, CloseReason.CloseCodes.UNEXPECTED_CONDITION, "internal error");
        completion.onResult(new SendResult(e instanceof Exception exception ? exception : new IllegalStateException(e)));
        if (e instanceof VirtualMachineError fatal) {
          throw fatal;
        }
      }
      if (!completion.callerContinues()) {
        return;
      }
    }
  }

  /**
   * Hands the frame to the container. A send it refuses to start with an exception (Tyrus's "Socket is not connected."
   * once its transport closed under the send, before {@code onClose} reached this outbox) failed as a started send
   * that fails does: the peer's loss, not a failure of ours. What it cannot carry (Tyrus throws an Error, other
   * containers an IllegalArgumentException) stays ours.
   */
  private void start(Frame frame, Completion completion) {
    try {
      if (frame.bytes() == null) {
        remote.sendText(frame.text(), completion);
      } else {
        remote.sendBinary(ByteBuffer.wrap(frame.bytes()), completion);
      }
    } catch (IllegalArgumentException cannotCarry) {
      throw cannotCarry; // a frame of ours the container cannot carry (as Tomcat may say of text it cannot encode)
    } catch (RuntimeException refused) {
      completion.onResult(new SendResult(refused));
    }
  }

  /** Sends the due ping (the API has only a blocking one), then carries on with the queue. */
  private void ping() {
    try {
      remote.sendPing(receipts == null ? ByteBuffer.allocate(0) : receipts.ping());
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "ping failed for {0}: {1}", session.getId(), e.toString());
    } finally {
      sendingSince = 0;
      sending = false;
    }
    pump();
  }

  /**
   * The end of one asynchronous send. Containers may complete a send inside {@code sendText} or later on another
   * thread; whichever side comes second continues with the next frame, so the queue drains without recursion.
   */
  private final class Completion implements SendHandler {
    private static final int PENDING = 0;
    private static final int RETURNED = 1;
    private static final int COMPLETED = 2;
    private static final VarHandle STATE;

    static {
      try {
        STATE = MethodHandles.lookup().findVarHandle(Completion.class, "state", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private final Frame frame;
    // changed through STATE: an atomic object would be one more allocation per delivered frame
    @SuppressWarnings("UnusedVariable") // read and set through STATE
    private volatile int state = PENDING;

    Completion(Frame frame) {
      this.frame = frame;
    }

    @Override
    public void onResult(SendResult result) {
      sendingSince = 0;
      BACKLOG.getAndAdd(Outbox.this, (long) -frame.weight());
      if (receipts != null && result.isOK() && receipts.handed(frame.weight())) {
        pingDue = true; // the frame may still wait in the container: ask how far the reader got
      }
      if (receipts != null && receipts.unread() > (long) UNREAD_LIMITS * limit) {
        terminate(CloseCause.SLOW_READER, CloseReason.CloseCodes.TRY_AGAIN_LATER, "too slow: outbound queue full");
      }
      if (result.isOK()) {
        if (meters.enabled()) { // with metrics off, not even the frame's size is worked out
          meters.delivered(size(frame), frame.causedAt());
        }
      } else {
        LOG.log(System.Logger.Level.DEBUG, "send to {0} failed: {1}", session.getId(), result.getException());
        failed(result.getException()); // a reset, noted before the close it causes, whose report may come at once
        if (finish == null && ContainerCloses.peerClosedFirst(session)) {
          stopForClientsClose();
        } else {
          lose(CloseCause.NETWORK, CloseReason.CloseCodes.GOING_AWAY, ContainerCloses.SEND_FAILED);
        }
      }
      if (!STATE.compareAndSet(this, PENDING, COMPLETED)) {
        sending = false;
        pump();
      }
    }

    /** The bytes of the frame's payload a client receives. */
    private long size(Frame frame) {
      if (frame.framed() != null) {
        return TextFrames.payloadLength(frame.framed());
      }
      return frame.bytes() == null ? Meters.utf8Length(frame.text()) : frame.bytes().length;
    }

    /** Called by the sender after {@code sendText} returned: true when the send already completed there. */
    boolean callerContinues() {
      if (STATE.compareAndSet(this, PENDING, RETURNED)) {
        return false;
      }
      sending = false;
      return true;
    }
  }
}
