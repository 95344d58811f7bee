package dev.socketchat.connection;

import dev.socketchat.config.Settings;
import dev.socketchat.metrics.Meters;
import dev.socketchat.threads.DaemonThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;

/**
 * The open WebSocket connections of this deployment: makes each one's outbox, pings them on one timer thread, drops
 * the silent ones and the stalled readers, and closes them all with 1001 when the application stops.
 */
@ApplicationScoped
public class LiveSessions {
  private static final System.Logger LOG = System.getLogger(LiveSessions.class.getName());
  private static final CloseReason RESTART =
      new CloseReason(CloseReason.CloseCodes.SERVICE_RESTART, "server restarting");
  private static final CloseReason GOING_AWAY =
      new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "server shutting down");
  /** How often a shutdown looks whether the connections it closes have ended. */
  private static final long ENDED_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final Settings settings;
  private final Meters meters;
  private final Set<Outbox> outboxes = ConcurrentHashMap.newKeySet();
  private final BiFunction<Runnable, Duration, ScheduledFuture<?>> scheduler = this::schedule;
  private volatile boolean draining;
  /** The connections open when the drain began, for {@link #awaitDrained}; none before it. */
  private volatile List<Outbox> drained = List.of();
  private ScheduledExecutorService timer;
  private ExecutorService blocking;
  private ExecutorService dropper;
  /** Runs the outboxes' drops on the dropper's threads ({@link #drop}). */
  private final Executor drops = this::drop;
  private volatile boolean stopping;
  private Standstills standstills; // the timer's own

  /** For CDI's client proxy only. */
  protected LiveSessions() {
    this.settings = null;
    this.meters = null;
  }

  @Inject
  public LiveSessions(Settings settings, Meters meters) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.meters = Objects.requireNonNull(meters, "meters");
  }

  @PostConstruct
  void start() {
    meters.gauge(
        "socketchat.connections",
        "open connections, by protocol and transport",
        outboxes,
        open -> open.stream().filter(Outbox::pinged).count(),
        "protocol",
        "chat",
        "transport",
        "websocket");
    timer = Executors.newSingleThreadScheduledExecutor(DaemonThreads.numbered("socketchat-heartbeat"));
    blocking = Executors.newCachedThreadPool(DaemonThreads.numbered("socketchat-blocking"));
    dropper = Executors.newFixedThreadPool(2, DaemonThreads.numbered("socketchat-dropper"));
    long interval = settings.heartbeatInterval().toMillis();
    standstills =
        new Standstills(
            Math.max(settings.heartbeatTimeout().toNanos(), settings.transport().stallTimeout().toNanos()),
            System.nanoTime());
    // beat() and checkStalls() catch and log their own failures, so nothing waits on these futures; stop() shuts
    // the timer down
    var unused = timer.scheduleWithFixedDelay(this::beat, interval, interval, TimeUnit.MILLISECONDS);
    // a stalled reader is found within a quarter of the stall timeout (at most a second) of passing it, a silent
    // connection within as long of the heartbeat timeout
    long stall = settings.transport().stallTimeout().toMillis();
    long every = Math.max(50, Math.min(1000, stall / 4));
    var unusedToo = timer.scheduleWithFixedDelay(this::checkStalls, every, every, TimeUnit.MILLISECONDS);
  }

  /** Starts with the application, so its meters are there before the first connection. */
  void started(@Observes @Initialized(ApplicationScoped.class) Object started) {
    LOG.log(System.Logger.Level.DEBUG, "heartbeat every {0} ms", settings.heartbeatInterval().toMillis());
  }

  /**
   * Runs a dropped connection's end on the dropper's threads; one that fails is logged, not left to the thread (whose
   * trace would go past the log): while the application stops, the container may have ended what it needs.
   */
  private void drop(Runnable task) {
    dropper.execute(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            LOG.log(
                stopping ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING,
                "the end of a dropped connection failed",
                e);
          }
        });
  }

  /** Makes the outbox of a newly opened session; {@code onDrop} runs once if the outbox gives up on the peer. */
  public Outbox open(Session session, Runnable onDrop) {
    return track(session, new Outbox(session, settings.outboxLimit(), blocking, drops, onDrop, true, meters, null));
  }

  /**
   * Makes the outbox of a session whose protocol keeps its own heartbeat (Engine.IO): it is closed on shutdown and
   * bounded like every other, but never pinged nor dropped for silence here. The runner's close for a frame it refused
   * goes to {@code refusals}, which hands the outbox what the protocol held back first.
   */
  public Outbox openWithOwnHeartbeat(Session session, FrameRefusals refusals, Runnable onDrop) {
    return track(
        session, new Outbox(session, settings.outboxLimit(), blocking, drops, onDrop, false, meters, refusals));
  }

  private Outbox track(Session session, Outbox outbox) {
    ContainerWrites.bound(session, settings.transport().stallTimeout());
    outboxes.add(outbox);
    return outbox;
  }

  /** {@link #schedule} as one function for every connection (a method reference per connection costs each 16 bytes). */
  public BiFunction<Runnable, Duration, ScheduledFuture<?>> scheduler() {
    return scheduler;
  }

  /** Runs a task on the heartbeat's timer after a delay (a signed-in connection's end); it must be quick. */
  public ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    return timer.schedule(task, Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
  }

  /** Runs a task on the heartbeat's timer every {@code period} until the application stops; it must be quick. */
  public void repeat(Runnable task, Duration period) {
    long every = Math.max(1, period.toMillis());
    // a task that throws is not run again, so callers catch their own failures; stop() shuts the timer down
    var unused = timer.scheduleWithFixedDelay(task, every, every, TimeUnit.MILLISECONDS);
  }

  /** The meters the connections are counted in. */
  public Meters meters() {
    return meters;
  }

  /**
   * Forgets a session the container reported closed; a connection the container still holds open after that (Undertow,
   * waiting for a close frame from a client that reads nothing) is closed {@code socketchat.websocket.close-timeout}
   * later, as the standalone runner aborts one.
   */
  public void closed(Outbox outbox) {
    outbox.closed();
    outboxes.remove(outbox);
    outbox
        .lingering()
        .ifPresent(
            channel -> {
              try {
                // abort() logs its own failure, so nothing waits on the future
                var unused = schedule(() -> ContainerCloses.abort(channel), settings.transport().closeTimeout());
              } catch (RejectedExecutionException stopping) {
                ContainerCloses.abort(channel); // the application stops: nothing waits for the client now
              }
            });
  }

  /** How many connections are open. */
  public int count() {
    return outboxes.size();
  }

  /**
   * Closes every connection with 1012 (service restart), as a node that restarts: clients reconnect, to another node
   * if there is one. In cluster mode with sessions on, their sessions are suspended rather than ended, for them to
   * resume on another node with nothing lost; otherwise they leave as on shutdown.
   */
  public void drain() {
    draining = true;
    drained = List.copyOf(outboxes);
    var unused = closeAll(RESTART, settings.cluster().enabled() && settings.sessions().enabled(), false);
  }

  /**
   * Waits until every connection that was open when the drain began (Engine.IO's too, once {@code
   * EngineSessions.drain} closed them) has ended: the frames queued for it before the drain and its close went out,
   * and where the runner can tell, its socket closed. A reader that takes nothing is waited for no longer than the
   * stall timeout, after which it would have been closed as too slow anyway.
   */
  public void awaitDrained() {
    awaitEnded(drained);
  }

  private void awaitEnded(List<Outbox> closing) {
    long deadline = System.nanoTime() + settings.transport().stallTimeout().toNanos();
    for (Outbox outbox : closing) {
      while (!outbox.ended() && deadline - System.nanoTime() > 0) {
        LockSupport.parkNanos(ENDED_CHECK_NANOS);
      }
    }
    List<Outbox> unfinished = closing.stream().filter(outbox -> !outbox.ended()).toList();
    if (!unfinished.isEmpty()) {
      unfinished.forEach(Outbox::abandon);
      LOG.log(
          System.Logger.Level.INFO,
          "{0} connection(s) had not taken their last frames within the stall timeout; closed without them",
          unfinished.size());
    }
  }

  /** Whether the node drains: new connections are refused. */
  public boolean draining() {
    return draining;
  }

  /**
   * Closes a connection that opens while the node drains with 1012, as the drain closed the others, so that its
   * client goes to another node rather than losing it when the listener stops.
   *
   * @return whether it was closed
   */
  public boolean refuseWhileDraining(Session session) {
    if (!draining) {
      return false;
    }
    try {
      session.close(RESTART);
    } catch (IOException | RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing a connection opened while draining failed: {0}", e.toString());
    }
    return true;
  }

  /**
   * Closes the connections, those whose protocol keeps its own heartbeat (Engine.IO) too unless {@code ownHeartbeat}
   * is false: a drain leaves them to their sessions, which close them as their protocol restarts ({@code
   * EngineSessions.drain}).
   */
  private List<Outbox> closeAll(CloseReason reason, boolean handOver, boolean ownHeartbeat) {
    List<Outbox> open = outboxes.stream().filter(outbox -> ownHeartbeat || outbox.pinged()).toList();
    List<Outbox> closing = open.stream().filter(outbox -> outbox.stopSending(handOver)).toList();
    closing.forEach(outbox -> outbox.shutdown(reason));
    outboxes.removeAll(open);
    if (!closing.isEmpty()) {
      LOG.log(
          System.Logger.Level.INFO,
          "closed {0} connection(s) with {1}",
          closing.size(),
          String.valueOf(reason.getCloseCode().getCode())); // as a code, not a number to group (1,001)
    }
    return closing;
  }

  /**
   * Closes every connection with 1001 (going away) as the application stops, waiting for each to take what was queued
   * for it (at most the stall timeout). Every connection stops sending before the first one leaves its rooms, so
   * nobody hears of rooms ending because the server stops (an owner's drop would otherwise delete its room in front
   * of the others).
   */
  @PreDestroy
  void stop() {
    stopping = true;
    awaitEnded(closeAll(GOING_AWAY, false, true));
    timer.shutdownNow();
    blocking.shutdown();
    dropper.shutdown();
  }

  @SuppressWarnings("ModifyCollectionInEnhancedForLoop") // a concurrent set: its iterator allows removal
  private void beat() {
    long now = starting();
    long timeout = settings.heartbeatTimeout().toNanos();
    try {
      for (Outbox outbox : outboxes) {
        if (outbox.pinged()) {
          try {
            outbox.beat(now, standstills, timeout);
          } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "heartbeat failed for one connection", e);
          }
        }
        if (!outbox.isOpen()) {
          outboxes.remove(outbox);
        }
      }
    } finally {
      standstills.finished(System.nanoTime());
    }
  }

  /**
   * Closes the connections (Engine.IO's too) whose reader has taken nothing for the stall timeout, and those we ping
   * that have been silent for the heartbeat timeout: within a second of it, not at the next ping.
   */
  private void checkStalls() {
    long now = starting();
    long stall = settings.transport().stallTimeout().toNanos();
    long timeout = settings.heartbeatTimeout().toNanos();
    try {
      for (Outbox outbox : outboxes) {
        try {
          outbox.checkStall(now, standstills, stall);
          if (outbox.pinged()) {
            outbox.checkSilence(now, standstills, timeout);
          }
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "stall check failed for one connection", e);
        }
      }
    } finally {
      standstills.finished(System.nanoTime());
    }
  }

  /** A run of the timer starts: returns the time, having noted (and logged) a standstill before it. */
  private long starting() {
    long now = System.nanoTime();
    long stood = standstills.starting(now);
    if (stood > 0) {
      LOG.log(
          System.Logger.Level.WARNING,
          "the server stood still for {0} ms (a long garbage collection, a frozen process, a starved machine): that"
              + " time does not count against its connections' heartbeat and stall timeouts",
          TimeUnit.NANOSECONDS.toMillis(stood));
    }
    return now;
  }
}
