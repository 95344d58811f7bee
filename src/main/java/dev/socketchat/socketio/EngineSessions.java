package dev.socketchat.socketio;

import dev.socketchat.config.Settings;
import dev.socketchat.connection.AddressSlots;
import dev.socketchat.metrics.Meters;
import dev.socketchat.threads.DaemonThreads;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The Engine.IO sessions of this deployment by {@code sid}, whichever transport carries them, with the timer that
 * keeps their heartbeats and the threads that answer waiting polls. Every new session gets a Socket.IO connection on
 * top, which serves the registered namespaces.
 */
@ApplicationScoped
public class EngineSessions {
  private static final System.Logger LOG = System.getLogger(EngineSessions.class.getName());
  /** How long a WebSocket may take from opening with a polling session's id to completing the upgrade. */
  static final long UPGRADE_TIMEOUT = 10_000;
  /** The events counted by name in {@code socketchat_requests_total}: the seed pages' (others count as "other"). */
  private static final Set<String> COUNTED_EVENTS = Set.of("join_room", "chatting", "leave_room", "exit_room");

  private final Settings settings;
  private final SocketIoNamespaces namespaces;
  private final RecoverableSockets recoverable;
  private final Meters meters;
  private final Map<String, EngineSession> sessions = new ConcurrentHashMap<>();
  private final Map<String, Boolean> closedByClient = new ConcurrentHashMap<>();
  private final Map<String, AddressSlots.Slot> slots = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private ScheduledThreadPoolExecutor timer;
  private ExecutorService pool;
  private EngineClock clock;
  private Executor workers;

  /** For CDI's client proxy only. */
  protected EngineSessions() {
    this.settings = null;
    this.namespaces = null;
    this.recoverable = null;
    this.meters = null;
  }

  /** Sessions counted in no meters (for tests that make them by hand). */
  public EngineSessions(Settings settings, SocketIoNamespaces namespaces) {
    this(settings, namespaces, Meters.off());
  }

  @Inject
  public EngineSessions(Settings settings, SocketIoNamespaces namespaces, Meters meters) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
    this.meters = Objects.requireNonNull(meters, "meters");
    this.recoverable = recovers(settings) ? new RecoverableSockets(settings.sessions().resumeWindow(), this) : null;
  }

  /**
   * Whether sockets outlive a dropped connection for the resume window (Socket.IO's connection state recovery): with
   * sessions on. On a single node a socket is recovered from its namespace's {@link PacketLog}; across a cluster its
   * client may come back to any node, which takes it over through Redis ({@link #recoversAcrossNodes}).
   */
  public static boolean recovers(Settings settings) {
    return settings.sessions().enabled();
  }

  /** Whether sockets are recovered through the cluster rather than from this node's log: in cluster mode. */
  public static boolean recoversAcrossNodes(Settings settings) {
    return recovers(settings) && settings.cluster().enabled();
  }

  /** The sockets that can be recovered, or null when recovery is off. */
  RecoverableSockets recoverable() {
    return recoverable;
  }

  @PostConstruct
  void start() {
    List<String> types = new ArrayList<>(COUNTED_EVENTS);
    types.add(Meters.OTHER_TYPE);
    for (SocketIoPacket.Type type : SocketIoPacket.Type.values()) {
      if (type != SocketIoPacket.Type.EVENT && type != SocketIoPacket.Type.BINARY_EVENT) {
        types.add(type.name());
      }
    }
    meters.requestTypes("socketio", types);
    for (String transport : List.of("websocket", "polling")) {
      meters.gauge(
          "socketchat.connections",
          "open connections, by protocol and transport",
          sessions,
          open -> open.values().stream().filter(session -> session.transport().name().equals(transport)).count(),
          "protocol",
          "socketio",
          "transport",
          transport);
    }
    if (recoverable != null) {
      meters.gauge(
          "socketchat.sockets.waiting",
          "Socket.IO sockets suspended now, waiting for their clients to recover them",
          recoverable,
          RecoverableSockets::waiting);
    }
    timer = new ScheduledThreadPoolExecutor(1, DaemonThreads.numbered("socketchat-engineio-timer"));
    timer.setRemoveOnCancelPolicy(true);
    pool = Executors.newCachedThreadPool(DaemonThreads.numbered("socketchat-engineio"));
    start(new TimerClock(timer), pool);
  }

  /** Starts with the application, so its meters are there before the first session. */
  void started(@Observes @Initialized(ApplicationScoped.class) Object started) {
    LOG.log(System.Logger.Level.DEBUG, "Engine.IO sessions ready");
  }

  /** Runs the sessions on the given clock and worker threads (tests pass a manual clock and a direct executor). */
  void start(EngineClock time, Executor threads) {
    this.clock = Objects.requireNonNull(time, "time");
    this.workers = Objects.requireNonNull(threads, "threads");
  }

  /** The clock and timer the sessions' heartbeats and upgrades keep time with. */
  EngineClock clock() {
    return clock;
  }

  /** The Engine.IO tunables. */
  public Settings.SocketIo settings() {
    return settings.socketIo();
  }

  /** CONNECTs refused in a row after which a session is closed for flooding. */
  int refusalsToClose() {
    return settings.limits().refusalsToClose();
  }

  /** How many characters may wait for one session before it is closed as too slow. */
  long outboxLimit() {
    return settings.outboxLimit();
  }

  /** How long a GET may wait for packets; pings come sooner, so this only frees requests the peer abandoned. */
  Duration pollTimeout() {
    return settings().pingInterval().plus(settings().pingTimeout()).plusSeconds(10);
  }

  /**
   * Checks the query of a request that does not name a session yet.
   *
   * @return null when it may open a session over {@code transport}, else the Engine.IO error
   */
  static EngineError checkOpen(Handshake handshake, String transport) {
    if (!transport.equals(handshake.query("transport"))) {
      return EngineError.UNKNOWN_TRANSPORT;
    }
    if (!"4".equals(handshake.query("EIO"))) {
      return EngineError.UNSUPPORTED_PROTOCOL_VERSION;
    }
    return null;
  }

  /**
   * Opens a session carried by the given transport and puts a Socket.IO connection on top of it; the session holds
   * {@code slot} (its client address's, {@link AddressSlots}) until it ends. A session opened on a WebSocket (which it
   * never leaves) leaves the slot to the WebSocket, which lets it go once it has closed: a close that waits for what
   * was sent before it keeps the connection open after the session ended. So does one that upgrades to a WebSocket
   * ({@link #handOverSlot}).
   */
  EngineSession open(Handshake handshake, Transport transport, AddressSlots.Slot slot) {
    EngineSession session = new EngineSession(newId(), handshake, transport, this);
    if (!transport.streams()) {
      slots.put(session.id(), slot);
    }
    transport.bind(session);
    sessions.put(session.id(), session);
    session.start(new SocketIoConnection(session, namespaces, this, slot));
    return session;
  }

  /**
   * Takes the slot of a polling session whose upgrade completed: its WebSocket holds it from now on, until it has
   * closed (see {@link #open}); null when the session holds none (it ended meanwhile, or was opened on a WebSocket).
   */
  AddressSlots.Slot handOverSlot(EngineSession session) {
    return slots.remove(session.id());
  }

  /** The open session with the given id, or null. */
  EngineSession find(String sid) {
    return sid == null ? null : sessions.get(sid);
  }

  /** Lets a WebSocket probe the upgrade of a polling session; false when there is no such session to upgrade. */
  boolean upgrade(String sid, WebSocketTransport websocket) {
    EngineSession session = find(sid);
    if (session == null) {
      return false;
    }
    websocket.probe(session);
    return session.beginUpgrade(websocket);
  }

  /** Remembers, for one ping interval, a polling session its client closed while no GET of it was waiting. */
  void remember(String sid) {
    closedByClient.put(sid, Boolean.TRUE);
    if (schedule(() -> closedByClient.remove(sid), settings().pingInterval().toNanos()) == null) {
      closedByClient.remove(sid);
    }
  }

  /** Whether the session was just closed by its client (and forgets it: only one late GET gets the noop). */
  boolean forgetClosedByClient(String sid) {
    return closedByClient.remove(sid) != null;
  }

  /**
   * Counts a Socket.IO packet from a client as a request: an event by its name (the chat's events; any other as {@code
   * other}), any other packet by its type.
   */
  void requested(SocketIoPacket packet) {
    String type = packet.type().name();
    if (packet.type() == SocketIoPacket.Type.EVENT || packet.type() == SocketIoPacket.Type.BINARY_EVENT) {
      JsonValue data = packet.data();
      JsonValue name =
          data != null && data.getValueType() == JsonValue.ValueType.ARRAY && !data.asJsonArray().isEmpty()
              ? data.asJsonArray().get(0)
              : null;
      type =
          name instanceof JsonString event && COUNTED_EVENTS.contains(event.getString())
              ? event.getString()
              : Meters.OTHER_TYPE;
    }
    meters.request("socketio", type);
  }

  /** Counts packets handed to a client in a poll's answer of so many bytes. */
  void delivered(int packets, long bytes) {
    meters.delivered(packets, bytes);
  }

  void forget(EngineSession session, String reason) {
    meters.closed(session.closeCause(reason));
    sessions.remove(session.id(), session);
    AddressSlots.Slot slot = slots.remove(session.id());
    if (slot != null) {
      slot.release();
    }
  }

  /** How many sessions are open. */
  public int count() {
    return sessions.size();
  }

  /** Runs a task after the given delay (nanoseconds) on the heartbeat timer; the task must not block. */
  EngineClock.Timeout schedule(Runnable task, long delayNanos) {
    return clock.schedule(task, delayNanos);
  }

  /** Runs a task soon on a worker thread (inline once the deployment is stopping). */
  void defer(Runnable task) {
    try {
      workers.execute(task);
    } catch (RejectedExecutionException stopping) {
      task.run();
    }
  }

  /** A fresh private id for a socket's recovery ({@code pid}): 24 URL-safe characters, 144 random bits. */
  String newPrivateId() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** A fresh random id: 20 URL-safe characters. */
  String newId() {
    byte[] bytes = new byte[15];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Closes every session, as on shutdown: a waiting poll is told {@code 1}, a WebSocket gets a close frame. */
  public void closeAll() {
    closeAll(SocketRecovery.SHUTDOWN);
  }

  /**
   * Closes every session as a node that restarts: clients reconnect by themselves (a WebSocket gets 1012), and a
   * socket that can be recovered is suspended, for its client to recover it on another node.
   */
  public void drain() {
    closeAll(SocketRecovery.RESTART);
  }

  private void closeAll(String reason) {
    List<EngineSession> open = List.copyOf(sessions.values());
    open.forEach(session -> session.close(reason));
    if (!open.isEmpty()) {
      LOG.log(System.Logger.Level.INFO, "closed {0} Socket.IO session(s): {1}", open.size(), reason);
    }
  }

  @PreDestroy
  void stop() {
    closeAll();
    if (timer != null) {
      timer.shutdownNow();
      pool.shutdown();
    }
  }

  /** The system's monotonic clock, with a scheduled executor as its timer. */
  private static final class TimerClock implements EngineClock {
    private final ScheduledExecutorService timer;

    TimerClock(ScheduledExecutorService timer) {
      this.timer = timer;
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }

    @Override
    public Timeout schedule(Runnable task, long delayNanos) {
      try {
        ScheduledFuture<?> future = timer.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
      } catch (RejectedExecutionException stopping) {
        return null;
      }
    }
  }
}
