package dev.socketchat.domain;

import dev.socketchat.logging.LogBudget;
import dev.socketchat.logging.LogText;
import dev.socketchat.threads.DaemonThreads;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The room engine, one per deployment: every protocol endpoint drives rooms through it. It checks who a connection
 * speaks as, seats the connection on this node, and lets the registry apply the rules and publish the outcome.
 *
 * <p>Every method either returns after the registry accepted the request, whose reply then reaches the requester
 * through the published event, or throws {@link Refusal} with nothing changed.
 */
@ApplicationScoped
public class RoomManager {
  private static final System.Logger LOG = System.getLogger(RoomManager.class.getName());

  private final LocalMembers members;
  private final RoomRegistry registry;
  private final Clock clock;
  private final String node;
  private final AtomicLong serial;
  private final Map<ConnectionId, Connection> connections;
  private final FloodLimits limits;
  private final RoomLimits roomLimits;
  private final LobbyFeed feed;
  private final SessionLimits sessionLimits;
  private final HistoryLimits historyLimits;
  // the connections whose clients may resume them, by token: live ones and suspended ones
  private final Map<String, Connection> sessions;
  private final SecureRandom tokens;
  private final ScheduledExecutorService expiries;
  private final EngineTally tally = new EngineTally();
  private final SignedInNames signedIn = new SignedInNames();
  // new connections whose takeover of a session held elsewhere is on its way: true once their transport was lost
  private final Map<Connection, Boolean> takingOver = new ConcurrentHashMap<>();

  /** For CDI's client proxy only. */
  protected RoomManager() {
    this.members = null;
    this.registry = null;
    this.clock = null;
    this.node = null;
    this.serial = null;
    this.connections = null;
    this.limits = null;
    this.roomLimits = null;
    this.feed = null;
    this.sessionLimits = null;
    this.historyLimits = null;
    this.sessions = null;
    this.tokens = null;
    this.expiries = null;
  }

  /** An engine whose connections have no flood limits (tests, embedding). */
  public RoomManager(RoomRegistry.Factory registries, Clock clock) {
    this(registries, clock, FloodLimits.NONE, RoomLimits.NONE);
  }

  /** An engine without sessions: a dropped connection leaves its rooms at once. */
  public RoomManager(RoomRegistry.Factory registries, Clock clock, FloodLimits limits, RoomLimits roomLimits) {
    this(registries, clock, limits, roomLimits, SessionLimits.OFF, HistoryLimits.defaults());
  }

  @Inject
  public RoomManager(
      RoomRegistry.Factory registries,
      Clock clock,
      FloodLimits limits,
      RoomLimits roomLimits,
      SessionLimits sessionLimits,
      HistoryLimits historyLimits) {
    this.sessionLimits = Objects.requireNonNull(sessionLimits, "sessionLimits");
    this.historyLimits = Objects.requireNonNull(historyLimits, "historyLimits");
    this.sessions = new ConcurrentHashMap<>();
    this.tokens = new SecureRandom();
    this.expiries =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("socketchat-session-expiry"));
    this.limits = Objects.requireNonNull(limits, "limits");
    this.roomLimits = Objects.requireNonNull(roomLimits, "roomLimits");
    this.feed = new LobbyFeed(LobbyFeed.WINDOW);
    this.connections = new ConcurrentHashMap<>();
    this.members = new LocalMembers(feed, connections::get, this::movedAway, this::lostWhileConnected);
    this.node = UUID.randomUUID().toString().substring(0, 8);
    this.registry = Objects.requireNonNull(registries, "registries").open(members, node);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.serial = new AtomicLong();
    if (sessionLimits.enabled()) {
      registry.sessionsLinger(sessionLimits.linger());
      long window = sessionLimits.resumeWindow().toMillis();
      var unused = expiries.scheduleWithFixedDelay(registry::forgetPassed, window, window, TimeUnit.MILLISECONDS);
    }
  }

  /** Registers a new connection whose deliveries go to the given recipient, with flood limits of its own. */
  public Connection connect(Recipient recipient) {
    return connect(recipient, allowance());
  }

  /**
   * Registers a new connection whose deliveries go to the given recipient, within the given flood limits: those of
   * the transport it is on, which other connections of that transport share.
   */
  public Connection connect(Recipient recipient, Allowance allowance) {
    Connection connection =
        new Connection(new ConnectionId(node + ":" + serial.incrementAndGet()), recipient, allowance);
    connections.put(connection.id(), connection);
    return connection;
  }

  /** Fresh flood limits, full, for a transport whose connections are to share them. */
  public Allowance allowance() {
    return new Allowance(limits);
  }

  /**
   * Forgets a closed or dropped connection: it leaves every room it was in exactly as an explicit exit would (an
   * owner's room is deleted). Safe to call more than once.
   */
  public void disconnect(Connection connection) {
    if (members.delivering()) {
      afterDelivery(() -> disconnect(connection));
      return;
    }
    if (connection.close()) {
      departed(connection);
    }
  }

  /**
   * Runs the end of a connection that its transport reported from inside a delivery on this thread (Grizzly closes a
   * connection whose write fails, and reports it, on the writing thread): once that delivery is over, on the engine's
   * own thread. Run at once, its exits would be numbered and handed out in the middle of the event being delivered,
   * so members after it in the fan-out would hear them first, and it would take other rooms' locks while holding
   * this one's.
   */
  private void afterDelivery(Runnable end) {
    try {
      expiries.execute(end);
    } catch (RejectedExecutionException shutDown) {
      LOG.log(System.Logger.Level.DEBUG, "engine shut down: a connection's end is not handed on");
    }
  }

  /** Forgets a connection that was just closed: it leaves every room it was in, as a drop (an owner's room ends). */
  private void departed(Connection connection) {
    connections.remove(connection.id());
    connection.lostRooms(LostRooms.NONE);
    signedIn.release(connection);
    String session = connection.session();
    if (session != null) {
      sessions.remove(session, connection);
      registry.sessionEnded(session, connection.id());
    }
    members.leaveLobby(connection);
    feed.forget(connection);
    Nickname name = connection.name();
    Set<RoomRef> in = connection.rooms();
    for (RoomRef room : connection.seats()) {
      try {
        if (name != null
            && in.contains(room)
            && registry.exit(room, new Member(connection.id(), name), true, Origin.of(connection.id()))) {
          // an open room is made and ended by whoever joins it, at will: DEBUG
          if (room instanceof RoomId) {
            LogBudget.info(LOG, "room {0} deleted: its owner {1} disconnected", room, name);
          } else {
            LOG.log(System.Logger.Level.DEBUG, "open room {0} ended: its last member, {1}, disconnected", room, name);
          }
        }
      } catch (Refusal gone) {
        // the room ended or the join never completed: nothing to leave
      } finally {
        members.release(room, connection);
      }
    }
  }

  /**
   * Ends a connection whose client closed it, as {@link #disconnect(Connection)} does, unless its session was resumed
   * on another transport, or suspended, meanwhile: then only that transport's end, or the resume window, counts.
   */
  public void disconnect(Connection connection, Recipient transport) {
    if (members.delivering()) {
      afterDelivery(() -> disconnect(connection, transport));
      return;
    }
    synchronized (connection) {
      // closed under the monitor, so a resume cannot take the connection over between the check and the close
      if (!connection.servedBy(transport) || !connection.close()) {
        return;
      }
    }
    departed(connection);
  }

  /**
   * Ends a connection whose transport seemed lost but whose client's close frame the container reported after all
   * (Undertow answers a client's close frame at once, fails the sends queued behind it, and reports the close only
   * afterwards): it leaves as that close would have had it come first, its session too if the loss suspended it
   * already. Nothing happens if the session was resumed meanwhile.
   */
  public void closedAfterLoss(Connection connection, Recipient transport) {
    if (members.delivering()) {
      afterDelivery(() -> closedAfterLoss(connection, transport));
      return;
    }
    synchronized (connection) {
      boolean suspended = connection.suspendedFrom(transport);
      if (!(suspended || connection.servedBy(transport)) || !connection.close()) {
        return;
      }
      if (suspended) {
        ((Suspension) connection.recipient()).ended();
      }
    }
    departed(connection);
  }

  /**
   * A connection's transport was lost without its client saying goodbye (the network went, the heartbeat gave up).
   * With sessions on, one that holds a session and a seat, or rooms it lost whose end may not have reached its client
   * ({@link LostRooms}: their replay after a resume, or their end or its kick while it was connected), is suspended:
   * it keeps its seats, its name and its rooms, nobody is told, and the events of its rooms are kept for its client to
   * resume with, until the resume window passes and it leaves as a drop would. Otherwise it leaves at once ({@link
   * #disconnect(Connection)}).
   */
  public void lost(Connection connection, Recipient transport) {
    if (members.delivering()) {
      afterDelivery(() -> lost(connection, transport));
      return;
    }
    synchronized (connection) {
      if (connection.suspendedFrom(transport)) {
        return; // suspended for this loss already (the outbox and the container both report it)
      }
      if (connection.isOpen()
          && connection.servedBy(transport)
          && takingOver.computeIfPresent(connection, (taking, lostBefore) -> true) != null) {
        return; // its takeover suspends the session it brings when its answer is in (takeOver)
      }
    }
    if (!sessionLimits.enabled()
        || connection.session() == null
        || (connection.seats().isEmpty() && connection.lostRooms().at(clock.instant()).isEmpty())) {
      disconnect(connection, transport);
      return;
    }
    synchronized (connection) {
      if (!connection.isOpen() || !connection.servedBy(transport)) {
        return; // ended, or resumed elsewhere already
      }
      Suspension suspension = suspend(connection);
      long window = sessionLimits.resumeWindow().toMillis();
      suspension.expiresWith(
          expiries.schedule(() -> expire(connection, suspension), window, TimeUnit.MILLISECONDS));
      // under the lock, as the resume's: a resume that follows cannot reach the registry before this
      registry.sessionSuspended(connection.session(), connection.id(), sessionLimits.resumeWindow());
    }
    tally.suspend();
    LOG.log(System.Logger.Level.DEBUG, "connection {0} suspended", connection.id());
  }

  /**
   * Resumes a session on a new connection, which must not have done anything yet: it takes over the session (a
   * transport still serving it is told it was {@linkplain Recipient#replaced replaced}), {@code reply} gets the
   * outcome, then the new transport gets every event of each asked room numbered after the client's mark, in order,
   * then live traffic, nothing twice. A session this node does not hold is taken over from whichever node holds it,
   * if the registry shares sessions between nodes ({@link RoomRegistry#takeOver}).
   *
   * @return the resumed connection, which the new transport speaks for from now on: the session's own connection
   *     ({@code fresh} is gone), or {@code fresh} itself when it took over a session from another node
   * @throws Refusal {@link Reason#SESSION_EXPIRED} for an unknown, expired or ended session, {@link
   *     Reason#NOT_FIRST_REQUEST} when {@code fresh} already took a name or a seat
   */
  public Connection resume(
      Connection fresh, String token, List<SessionResume.Mark> marks, Consumer<SessionResume.Result> reply) {
    fresh.admit(Connection.Cost.REQUEST);
    LOG.log(System.Logger.Level.DEBUG, "connection {0} resumes a session", fresh.id());
    // a signed-in connection has its token's name from the start; only a name taken by a request counts here
    if ((fresh.name() != null && fresh.identity() == null) || !fresh.seats().isEmpty()) {
      throw new Refusal(
          Reason.NOT_FIRST_REQUEST,
          "a session is resumed by a new connection before it creates, joins or takes a name");
    }
    if (token.equals(fresh.session())) {
      throw new Refusal(Reason.NOT_FIRST_REQUEST, "this connection holds that session already");
    }
    Connection session = sessions.get(token);
    if (session == null) {
      return takeOver(fresh, token, marks, reply);
    }
    Recipient transport = fresh.recipient();
    Catchup catchup = new Catchup(transport);
    Recipient previous = null;
    Map<RoomRef, RoomTail> kept = null;
    boolean elsewhere = false;
    synchronized (session) {
      if (!session.isOpen()) {
        if (!session.movedAway()) {
          throw new Refusal(Reason.SESSION_EXPIRED, "the session expired; join your rooms afresh");
        }
        elsewhere = true; // another node took it over just now: followed there
      } else if (!token.equals(session.session())) {
        throw new Refusal(Reason.SESSION_EXPIRED, "the session ended; join your rooms afresh"); // endSession
      } else {
        requireSameUser(session, fresh.identity());
        previous = session.recipient();
        // first: they may refuse, and nothing has changed yet
        session.rooms().forEach(room -> registry.requireInPlace(room, session.id()));
        if (previous instanceof Suspension suspended) {
          catchUpWithRegistry(session, suspended);
        }
        elsewhere = session.name() != null && !resumedInRegistry(session, token);
        if (!elsewhere) {
          Suspension suspension =
              previous instanceof Suspension suspended ? suspended : suspendToResume(session, previous);
          kept = suspension.handOver(catchup);
          session.serveBy(catchup);
          // under the lock, with the handover: a drop during the replay suspends the session with them
          keepLost(session, kept, session.rooms());
        }
      }
    }
    if (elsewhere) {
      return takeOver(fresh, token, marks, reply);
    }
    if (!(previous instanceof Suspension)) {
      previous.replaced();
    }
    endOwnSession(fresh, fresh.session());
    connections.remove(fresh.id());
    fresh.close();
    signedIn.release(fresh);
    members.leaveLobby(fresh); // it may have followed the lobby before it resumed; the session speaks for it now
    feed.forget(fresh);
    if (fresh.identity() != null) {
      identify(session, fresh.identity()); // the fresh token's, same subject and name: it may extend the sign-in
    }
    transport.sessionOpened(token);
    catchUp(session, token, session.sessionConnections(), catchup, kept, marks, reply);
    LOG.log(System.Logger.Level.DEBUG, "session of {0} resumed", session.id());
    return session;
  }

  /**
   * Ends the session {@code own} that {@code fresh} had of its own (null for none), now that it resumed another: one a
   * refused create or join opened (its client never heard of it), or one a signed-in client that joined and left gave
   * up. Neither this node nor the registry keeps it, and nobody resumes it any more.
   */
  private void endOwnSession(Connection fresh, String own) {
    if (own != null) {
      sessions.remove(own, fresh);
      registry.sessionEnded(own, fresh.id());
    }
  }

  /**
   * Notes in the registry that the session goes on here, unless another node took it over meanwhile (its move to there
   * is on its way, and a resume follows it); under the session's lock, so that no suspension's expiry overtakes it.
   */
  private boolean resumedInRegistry(Connection session, String token) {
    try {
      registry.sessionResumed(
          token, new Member(session.id(), session.name(), subject(session)), sessionLimits.resumeWindow());
      return true;
    } catch (Refusal refused) {
      if (refused.reason() != Reason.SESSION_EXPIRED) {
        throw refused;
      }
      return false;
    }
  }

  /**
   * Gives a suspended session's stand-in what the registry keeps of each room the session is in that it holds nothing
   * of from the registry (the session dropped while the registry, Redis, was out of reach), so that the resume answers
   * the room, and does not take the session for out of a room whose seat it holds. The stand-in has been in front of
   * the connection since the drop, so no event falls between the two.
   *
   * @throws Refusal {@link Reason#UNAVAILABLE} while the registry cannot answer for one of them (out of reach): the
   *     client tries again
   */
  private void catchUpWithRegistry(Connection session, Suspension suspension) {
    for (RoomRef room : session.rooms()) {
      if (suspension.caughtUpOn(room)) {
        continue;
      }
      try {
        suspension.caughtUp(room, registry.tail(room, session.id()));
      } catch (Refusal gone) {
        if (gone.reason() == Reason.UNAVAILABLE) {
          throw gone;
        }
        // the room ended, or the seat went, meanwhile: the resume answers its absence
      }
    }
  }

  /**
   * Resumes a session that this node does not hold on {@code fresh} itself: the registry moves the session's seats to
   * it (the fan-out seats it in each room at the place the move has among the room's events, so live events wait in a
   * {@link Catchup} from there), and what the rooms kept up to the move is replayed.
   */
  private Connection takeOver(
      Connection fresh, String token, List<SessionResume.Mark> marks, Consumer<SessionResume.Result> reply) {
    Recipient transport = fresh.recipient();
    Catchup catchup = new Catchup(transport);
    synchronized (fresh) {
      if (!fresh.isOpen()) {
        // it dropped before it asked: the session stays where it is, for its client's next resume
        throw new Refusal(Reason.SESSION_EXPIRED, "the connection closed before it resumed the session");
      }
      fresh.serveBy(catchup);
      takingOver.put(fresh, false);
    }
    try {
      fresh.moving();
      SessionTakeover taken;
      try {
        taken =
            registry
                .takeOver(token, fresh.id(), fresh.identity())
                .orElseThrow(
                    () ->
                        new Refusal(
                            Reason.SESSION_EXPIRED, "no such session: it expired or ended; join your rooms afresh"));
      } catch (RuntimeException refused) {
        fresh.moved();
        boolean lost;
        synchronized (fresh) {
          lost = Boolean.TRUE.equals(takingOver.remove(fresh));
          fresh.serveBy(transport);
        }
        if (lost) {
          disconnect(fresh); // it holds no session: it leaves as its drop would have had it
        }
        throw refused;
      }
      try {
        fresh.bind(taken.name());
        // before the token: a drop during the replay then suspends the session with them
        keepLost(fresh, taken.ended(), Set.of());
        String own = fresh.session();
        fresh.session(token);
        fresh.formerly(taken.before());
        sessions.put(token, fresh);
        endOwnSession(fresh, own);
        // the relay may have delivered the move, and a kick or the room's end after it, before the registry's answer
        taken.tails().keySet().forEach(fresh::enterUnlessLost);
        taken.owned().forEach(fresh::ownUnlessLost);
      } finally {
        fresh.moved();
      }
      members.leaveLobby(fresh); // as on any resume, a lobby subscription made before it ends with it
      feed.forget(fresh);
      boolean lost;
      synchronized (fresh) {
        lost = Boolean.TRUE.equals(takingOver.remove(fresh));
        if (lost
            && fresh.isOpen()
            && (!fresh.seats().isEmpty() || !fresh.lostRooms().at(clock.instant()).isEmpty())) {
          suspendTaken(fresh, catchup, taken);
        }
      }
      if (lost && fresh.recipient() instanceof Suspension) {
        tally.suspend();
        LogBudget.info(
            LOG,
            "session of {0} taken over by {1}, whose connection dropped meanwhile: suspended",
            taken.from(),
            fresh.id());
        return fresh;
      }
      if (lost && fresh.isOpen()) {
        disconnect(fresh); // a session left with nothing to replay ends with its drop, as any drop of one does
      }
      if (!fresh.isOpen()) {
        throw departedDuringTakeover(fresh, taken);
      }
      transport.sessionOpened(token);
      catchUp(fresh, token, fresh.sessionConnections(), catchup, taken.replayable(), marks, reply);
      LogBudget.info(LOG, "session of {0} taken over by {1}", taken.from(), fresh.id());
      return fresh;
    } catch (RuntimeException | Error e) {
      // a resume elsewhere that took the session from this one meanwhile closes the transport, after the refusal
      catchup.answered();
      throw e;
    }
  }

  /**
   * Suspends the session a new connection took over while its transport was lost, as that drop would have (the
   * caller holds the connection's monitor): a stand-in keeps what the rooms kept up to the move, what the fan-out
   * held for the transport since, and every event from now on, until a resume or the window's end.
   */
  private void suspendTaken(Connection fresh, Catchup catchup, SessionTakeover taken) {
    Suspension suspension = new Suspension(historyLimits.keep());
    fresh.serveBy(suspension);
    taken.replayable().forEach(suspension::caughtUp);
    catchup.forwardTo(suspension);
    long window = sessionLimits.resumeWindow().toMillis();
    suspension.expiresWith(expiries.schedule(() -> expire(fresh, suspension), window, TimeUnit.MILLISECONDS));
    registry.sessionSuspended(fresh.session(), fresh.id(), sessionLimits.resumeWindow());
  }

  /**
   * The new connection was closed by its client while it took the session over, before it had seats to leave: it
   * leaves now, as that close would have had it (the session ends), so no membership stays behind in the registry.
   *
   * @return the refusal to answer the resume with (nobody is left to read it)
   */
  private Refusal departedDuringTakeover(Connection fresh, SessionTakeover taken) {
    sessions.remove(fresh.session(), fresh);
    registry.sessionEnded(fresh.session(), fresh.id());
    for (RoomId room : taken.tails().keySet()) {
      try {
        registry.exit(room, new Member(fresh.id(), taken.name()), true, Origin.of(fresh.id()));
      } catch (Refusal gone) {
        // the room ended meanwhile
      } finally {
        members.release(room, fresh);
      }
    }
    return new Refusal(
        Reason.SESSION_EXPIRED,
        fresh.movedAway()
            ? "the session was resumed on another connection meanwhile"
            : "the connection closed while it resumed the session");
  }

  /**
   * Answers a resume and replays, room by room in the order asked, what each room kept after the client's mark, then
   * lets the live events {@code catchup} held follow, none twice, and hands the session to its transport.
   *
   * @param token the session's token, for the reply (the session's connection may be moved away by then)
   * @param own the connections whose events are the session's own (its replies)
   */
  private void catchUp(
      Connection session,
      String token,
      Set<ConnectionId> own,
      Catchup catchup,
      Map<? extends RoomRef, RoomTail> kept,
      List<SessionResume.Mark> marks,
      Consumer<SessionResume.Result> reply) {
    Recipient transport = catchup.transport();
    List<SessionResume.Outcome> outcomes = new ArrayList<>();
    Map<RoomRef, List<RoomEvent>> replays = new HashMap<>();
    for (SessionResume.Mark mark : marks) {
      RoomTail tail = kept.get(mark.room());
      Optional<List<RoomEvent>> missed = tail == null ? Optional.empty() : tail.after(mark.seq());
      if (tail == null) {
        outcomes.add(new SessionResume.Outcome(mark.room(), absence(session, mark.room())));
      } else if (tail.beyond(mark.seq())) {
        // no client can have received an event the room never had: whatever it lacks, the server cannot tell
        outcomes.add(new SessionResume.Outcome(mark.room(), Reason.BAD_SEQ));
      } else if (missed.isEmpty()) {
        outcomes.add(new SessionResume.Outcome(mark.room(), Reason.HISTORY_GONE));
      } else {
        outcomes.add(new SessionResume.Outcome(mark.room(), null));
        replays.putIfAbsent(mark.room(), missed.get());
      }
    }
    try {
      reply.accept(new SessionResume.Result(token, session.name(), outcomes));
    } finally {
      catchup.answered();
    }
    tally.resume();
    Map<RoomRef, Long> replayed = new HashMap<>();
    kept.forEach((room, tail) -> replayed.put(room, tail.last()));
    for (SessionResume.Mark mark : marks) {
      List<RoomEvent> missed = replays.getOrDefault(mark.room(), List.of());
      for (RoomEvent event : missed) {
        transport.deliver(new Broadcast(event), own.contains(event.origin().connection()));
      }
      tally.replay(missed.size());
      replays.remove(mark.room());
    }
    catchup.release(replayed, session.rooms());
    synchronized (session) {
      // else it stays in front of the transport, which then gets nothing twice
      if (session.recipient() == catchup && catchup.caughtUp()) {
        session.serveBy(transport);
      }
    }
  }

  /**
   * Lets the client of a Socket.IO socket take its connection over later, on any node sharing the registry, with the
   * socket's private id as token (Socket.IO's connection state recovery across a cluster); once per connection, before
   * it enters its first room. Nothing is noted when sessions are off.
   */
  public void keepForRecovery(Connection connection, Nickname name, String token) {
    Objects.requireNonNull(token, "token");
    if (!sessionLimits.enabled() || connection.session() != null) {
      return;
    }
    registry.socketOpened(token, connection.as(name), sessionLimits.resumeWindow());
    connection.session(token);
  }

  /**
   * A Socket.IO socket kept for recovery lost its connection (its own layer keeps it for the window): the registry
   * keeps its session for the window from now, also should this node die meanwhile.
   */
  public void socketSuspended(Connection connection) {
    String token = connection.session();
    if (token != null && connection.isOpen()) {
      registry.sessionSuspended(token, connection.id(), sessionLimits.resumeWindow());
    }
  }

  /**
   * Takes over, for {@code fresh} (a new connection of this node, in no room yet), the Socket.IO socket whose private
   * id is {@code token}, wherever it is: its seats in open rooms move to {@code fresh} (its old connection, on
   * whichever node, ends silently and its transport is told it was {@linkplain Recipient#replaced replaced}); live
   * events reach {@code fresh} from the move on.
   *
   * @param offset the position of the last event the client got whole, read from the offset it sent back; null when it
   *     got none
   * @return the taken socket, with what it missed before the move
   * @throws Refusal {@link Reason#SESSION_EXPIRED} for an unknown, expired or ended socket, {@link
   *     Reason#HISTORY_GONE} when some of what it missed is no longer kept (or the offset is none the registry gave):
   *     then the socket leaves its rooms as a drop would, and {@code fresh} is closed
   */
  public SocketTakeover recoverSocket(Connection fresh, String token, String offset) {
    SocketTakeover taken;
    fresh.moving();
    try {
      taken =
          registry
              .takeOverSocket(token, fresh.id(), offset, fresh.identity())
              .orElseThrow(() -> new Refusal(Reason.SESSION_EXPIRED, "sockets are not shared between nodes"));
      fresh.bind(taken.name());
      fresh.session(token);
      // as for a session: the relay may have delivered the move, and a kick after it, before the registry's answer
      taken.rooms().forEach(fresh::enterUnlessLost);
    } finally {
      fresh.moved();
    }
    if (taken.gone()) {
      disconnect(fresh);
      throw new Refusal(Reason.HISTORY_GONE, "more was missed than the cluster keeps; start afresh");
    }
    LOG.log(System.Logger.Level.DEBUG, "socket of {0} recovered on {1}", taken.from(), fresh.id());
    return taken;
  }

  /**
   * Ends, silently, a connection whose session another connection took over (on another node): nobody hears of it,
   * its client's transport, if it still has one, is told it was replaced, and a suspension's expiry is called off.
   */
  private void movedAway(Connection connection) {
    Recipient previous;
    synchronized (connection) {
      if (!connection.closeForMove()) { // a resume that still finds this connection follows the session there
        return;
      }
      previous = connection.recipient();
      if (previous instanceof Suspension suspension) {
        suspension.handOver((broadcast, toOrigin) -> {});
      }
    }
    connections.remove(connection.id());
    connection.lostRooms(LostRooms.NONE);
    signedIn.release(connection);
    String token = connection.session();
    if (token != null) {
      sessions.remove(token, connection);
    }
    members.leaveLobby(connection);
    feed.forget(connection);
    if (!(previous instanceof Suspension)) {
      previous.replaced();
    }
    LogBudget.info(LOG, "session of {0} moved to another connection", connection.id());
  }

  /**
   * Charges a refused request that was refused before the engine counted it (a malformed frame, a bad field, an
   * unknown type) as one request, so a stream of bad frames meets the flood limits like any other.
   *
   * @param countedBefore {@link Connection#counted()} when the request arrived
   * @return the refusal to answer: {@code refused}, or {@link Reason#RATE_LIMITED} past the request limit
   */
  public Refusal charge(Connection connection, Refusal refused, long countedBefore) {
    Refusal answered = refused;
    if (connection.counted() == countedBefore) {
      try {
        connection.admit(Connection.Cost.REQUEST);
      } catch (Refusal limited) {
        answered = limited;
      }
    }
    tally.refuse(answered.reason());
    return answered;
  }

  /**
   * Counts, for metrics, a refusal answered before any request reached the engine: a {@code /chat} handshake's token
   * (401, or 1008 where the container upgraded first), a Socket.IO CONNECT ({@code connect_error}).
   */
  public void refusedAtConnect(Reason reason) {
    tally.refuse(reason);
  }

  /** What the engine did so far: refusals by reason, sessions suspended, resumed and expired. */
  public EngineTally tally() {
    return tally;
  }

  /** How many times the registry's store (Redis) went out of reach since the engine started. */
  public long outages() {
    return registry.outages();
  }

  /** Creates an owned room with the requester as owner and first member. */
  public void create(Connection connection, Nickname name, RoomName roomName, String tag) {
    create(connection, name, roomName, tag, () -> {});
  }

  /**
   * Creates an owned room with the requester as owner and first member, running {@code admitted} first once the
   * request is within the connection's limits (the app dialect leaves its current room there: a request refused for
   * its rate leaves nothing).
   */
  public void create(Connection connection, Nickname name, RoomName roomName, String tag, Runnable admitted) {
    Member owner = connection.as(name);
    signedIn.refuseGuest(connection, name);
    connection.admit(Connection.Cost.REQUEST);
    admitted.run();
    requireRoomToOwn(connection, 0);
    requireRoomForAnotherMembership(connection);
    RoomId room = registry.allocate();
    openSession(connection, owner);
    int most = roomLimits.roomsPerServer();
    seated(connection, room, () -> registry.create(room, roomName, owner, new Origin(connection.id(), tag), most));
    connection.own(room);
    accepted(connection, name, room);
    LogBudget.info(LOG, "room {0} \"{1}\" created by {2}", room, roomName, name);
  }

  /**
   * Refuses, as {@link #create} would after the connection left {@code leaving} (the app dialect's current room, which
   * ends if the connection owns it), a room it may not create for the rooms it or the server holds, so that such a
   * create leaves it where it was.
   */
  public void requireRoomToCreate(Connection connection, RoomRef leaving) {
    requireRoomToCreate(connection, connection.owns(leaving) ? 1 : 0);
  }

  /**
   * Refuses a room the connection may not create for the rooms it or the server holds, less {@code ending}; the
   * registry's create checks the server's again, in the same step as it creates.
   */
  private void requireRoomToCreate(Connection connection, int ending) {
    requireRoomToOwn(connection, ending);
    if (registry.census().ownedRooms() - ending >= roomLimits.roomsPerServer()) {
      throw RoomLimits.serverFull(roomLimits.roomsPerServer());
    }
  }

  /** Refuses a room the connection may not create for the rooms it holds, less {@code ending}. */
  private void requireRoomToOwn(Connection connection, int ending) {
    if (connection.ownedRooms() - ending >= roomLimits.ownedPerConnection()) {
      throw new Refusal(
          Reason.TOO_MANY_ROOMS,
          "you own " + roomLimits.ownedPerConnection() + " rooms already, the most one connection may; delete one");
    }
  }

  /** Adds the requester to an owned room. */
  public void join(Connection connection, Nickname name, RoomId room, String tag) {
    join(connection, name, room, tag, () -> {});
  }

  /** Adds the requester to an owned room, running {@code admitted} first as {@link #create} does. */
  public void join(Connection connection, Nickname name, RoomId room, String tag, Runnable admitted) {
    Member member = connection.as(name);
    signedIn.refuseGuest(connection, name);
    connection.admit(Connection.Cost.REQUEST);
    admitted.run();
    requireRoomForAnotherMembership(connection);
    openSession(connection, member);
    seated(connection, room, () -> registry.join(room, member, new Origin(connection.id(), tag)));
    accepted(connection, name, room);
  }

  /**
   * Checks a join of the room the connection is already in as {@link #join} checks one (the name, a signed-in user's
   * name taken by a guest) and counts it as a request; nothing changes (the client dialect answers it as joined).
   */
  public void rejoin(Connection connection, Nickname name) {
    connection.as(name);
    signedIn.refuseGuest(connection, name);
    connection.admit(Connection.Cost.REQUEST);
  }

  /**
   * Refuses a room that would not let the connection in under {@code name} now ({@link Reason#NO_SUCH_ROOM},
   * {@link Reason#ALREADY_MEMBER}, {@link Reason#BANNED}, {@link Reason#NAME_TAKEN}; {@link Reason#UNAVAILABLE} while
   * the registry cannot tell), as its join would; changes nothing.
   */
  public void requireAdmission(Connection connection, Nickname name, RoomRef room) {
    registry.requireAdmission(room, connection.as(name));
  }

  /** Takes the requester out of a room; the owner leaving deletes an owned room. */
  public void exit(Connection connection, Nickname name, RoomRef room, String tag) {
    Member member = connection.as(name);
    Origin origin = new Origin(connection.id(), tag);
    exited(connection, name, room, leaving(connection, room, () -> registry.exit(room, member, false, origin)));
  }

  /**
   * Tells an open room the requester leaves it ({@code farewell}) and takes it out, in one step: nothing said in the
   * room comes between the two, so whatever reaches the room after the farewell does not reach the one who left.
   */
  public void exit(Connection connection, Nickname name, RoomKey room, Announcement farewell, String tag) {
    Member member = connection.as(name);
    connection.admit(Connection.Cost.REQUEST);
    Origin origin = new Origin(connection.id(), tag);
    exited(
        connection, name, room, leaving(connection, room, () -> registry.exit(room, member, farewell, now(), origin)));
  }

  private void exited(Connection connection, Nickname name, RoomRef room, boolean ended) {
    if (ended) {
      if (room instanceof RoomId) {
        LogBudget.info(LOG, "room {0} deleted: its owner {1} left", room, name);
      } else {
        LOG.log(System.Logger.Level.DEBUG, "open room {0} ended: its last member, {1}, left", room, name);
      }
    }
    connection.bind(name);
  }

  /**
   * Deletes an owned room; only its owner, or a moderator, may.
   *
   * @return whether the connection was in the room when it ended, so that the room's deletion reached it (else its
   *     caller answers a moderator that deleted it from outside)
   */
  public boolean delete(Connection connection, Nickname name, RoomId room, String tag) {
    Member member = connection.as(name);
    connection.admit(Connection.Cost.REQUEST);
    boolean moderator = moderates(connection);
    BooleanSupplier deletion = () -> registry.delete(room, member, moderator, new Origin(connection.id(), tag));
    // a moderator deleting a room it is not in has no seat to leave
    boolean heard = connection.rooms().contains(room) ? leaving(connection, room, deletion) : deletion.getAsBoolean();
    connection.bind(name);
    if (moderator) {
      LOG.log( // an audit line (README, "The protocol in brief"): never left out
          System.Logger.Level.INFO,
          "room {0} deleted by moderator {1} (subject {2})",
          room,
          name,
          LogText.quoted(connection.identity().subject()));
    } else {
      LogBudget.info(LOG, "room {0} deleted by its owner {1}", room, name);
    }
    return heard;
  }

  /**
   * Removes a member from a room and bans it from coming back while the room exists; only the room's owner, or a
   * moderator (in any room, without being in it), may. Every member, the kicked one included, gets the kick.
   *
   * @param note the kicker's reason, or null
   * @return the name of the member removed, as the room knew it, and whether the kicker was in the room then, so that
   *     the kick reached it (else its caller answers a moderator that kicked from outside)
   * @throws Refusal as {@link RoomRegistry#kick} says; {@link Reason#NAME_RESERVED} for a guest under the name of a
   *     signed-in user
   */
  public KickOutcome kick(
      Connection connection, Nickname name, RoomRef room, Nickname target, MessageText note, String tag) {
    Member member = connection.as(name);
    signedIn.refuseGuest(connection, name); // the kick tells the room who did it
    connection.admit(Connection.Cost.REQUEST);
    boolean moderator = moderates(connection);
    KickOutcome outcome =
        registry.kick(
            room, member, moderator, target, note == null ? null : note.value(), new Origin(connection.id(), tag));
    connection.bind(name);
    LOG.log( // an audit line (README, "The protocol in brief"): never left out
        System.Logger.Level.INFO,
        "{0} removed and banned from room {1} by {2} {3}{4}",
        outcome.removed(),
        room,
        moderator ? "moderator" : "owner",
        name,
        moderator ? " (subject " + LogText.quoted(connection.identity().subject()) + ")" : "");
    return outcome;
  }

  /** Whether the connection's token makes it a moderator of every room. */
  private static boolean moderates(Connection connection) {
    Identity identity = connection.identity();
    return identity != null && identity.moderator();
  }

  /**
   * Posts a message to a room the requester is in. Only to a room it has a seat in on this node: its reply is the
   * message as the room's fan-out hands it to that seat, so a message posted without one (the registry keeps a
   * membership this node dropped) would reach everybody else and leave its sender without an answer.
   *
   * @throws Refusal {@link Reason#NOT_MEMBER} for a room it is not in here, {@link Reason#NO_SUCH_ROOM} for an owned
   *     room that does not exist
   */
  public void say(Connection connection, Nickname name, RoomRef room, MessageText text, String tag) {
    Member member = connection.as(name);
    signedIn.refuseGuest(connection, name);
    connection.admit(Connection.Cost.MESSAGE);
    if (!connection.rooms().contains(room)) {
      if (room instanceof RoomId owned) {
        registry.requireRoom(owned);
      }
      throw new Refusal(
          Reason.NOT_MEMBER,
          "you are not in room " + (room instanceof RoomKey key ? "\"" + key.value() + "\"" : room));
    }
    registry.post(room, member, text, now(), new Origin(connection.id(), tag));
    connection.bind(name);
  }

  /**
   * A page of an owned room's kept chat for one of its members (a request within its limits): the latest {@code
   * limit} messages numbered below {@code before}, oldest first.
   */
  public List<ChatLine> history(Connection connection, RoomId room, long before, int limit) {
    connection.admit(Connection.Cost.REQUEST);
    Nickname name = connection.name();
    if (name == null || !connection.rooms().contains(room)) {
      throw new Refusal(Reason.NOT_MEMBER, "you are not in room " + room);
    }
    return registry.history(room, new Member(connection.id(), name), before, limit);
  }

  /** Puts the requester into an open room, creating the room if it does not exist. */
  public void enter(Connection connection, Nickname name, RoomKey room, String tag) {
    signedIn.refuseGuest(connection, name);
    connection.admit(Connection.Cost.REQUEST);
    Origin origin = new Origin(connection.id(), tag);
    seatIn(connection, name, room, member -> registry.enter(room, member, origin));
  }

  /** Seats a requester whose request was admitted in an open room, creating the room if it does not exist. */
  private void seatIn(Connection connection, Nickname name, RoomKey room, Consumer<Member> entering) {
    Member member = connection.as(name);
    requireRoomForAnotherMembership(connection);
    seated(connection, room, () -> entering.accept(member));
    accepted(connection, name, room);
  }

  /**
   * Moves the requester out of every room it is in and into an open room (a Socket.IO page's {@code join_room} into
   * another room), announcing its entry there when {@code entry} is not null: one request, whose limit, name and
   * admission to the new room are checked before it leaves anything, so that a page refused for its rate, or by a room
   * that bans it, stays where it was.
   */
  public void move(Connection connection, Nickname name, RoomKey room, Announcement entry) {
    signedIn.refuseGuest(connection, name);
    connection.admit(Connection.Cost.REQUEST);
    List<RoomRef> leaving = List.copyOf(connection.rooms());
    if (!leaving.isEmpty()) {
      registry.requireAdmission(room, connection.as(name));
    }
    for (RoomRef other : leaving) {
      exit(connection, name, other, null); // never limited
    }
    Origin origin = new Origin(connection.id(), null);
    // with an entry, told in the same step: nothing said in the room comes between the newcomer's seat and its entry;
    // none for a connection that closed meanwhile (its seat then goes again at once, unheard: accepted)
    seatIn(
        connection,
        name,
        room,
        entry == null || !connection.isOpen()
            ? member -> registry.enter(room, member, origin)
            : member -> registry.enter(room, member, entry, now(), origin));
  }

  /**
   * Announces the requester's entry or exit note to an open room it is in. A guest under a signed-in user's name may
   * still tell the room it leaves, but not announce an entry under that name.
   */
  public void announce(Connection connection, Nickname name, RoomKey room, Announcement note, String tag) {
    Member member = connection.as(name);
    if (note.kind() == Announcement.Kind.ENTRY) {
      signedIn.refuseGuest(connection, name);
    }
    connection.admit(Connection.Cost.REQUEST);
    registry.announce(room, member, note, now(), new Origin(connection.id(), tag));
  }

  /**
   * Sets the name the connection speaks as from now on. A connection in a room keeps the name it has there.
   *
   * @throws Refusal {@link Reason#USER_MISMATCH} when the connection is in a room under another name
   */
  public void rename(Connection connection, Nickname name) {
    connection.admit(Connection.Cost.REQUEST);
    signedIn.refuseGuest(connection, name);
    Identity identity = connection.identity();
    if (identity != null && !identity.name().equals(name)) {
      throw new Refusal(
          Reason.USER_MISMATCH, "this connection is signed in as \"" + identity.name() + "\"; it speaks only as that");
    }
    Nickname current = connection.name();
    if (!connection.rooms().isEmpty() && !name.equals(current)) {
      throw new Refusal(
          Reason.USER_MISMATCH,
          "this connection is in a room as \"" + current + "\"; leave it before taking another name");
    }
    connection.rename(name);
  }

  /**
   * Makes the connection speak as the identity its token proved from now on; a later token may extend it, for the same
   * subject and, while the connection is in a room, under the same name.
   *
   * <p>While it is signed in, its name is not for guests: their create, join, chat and name requests under it are
   * refused with {@link Reason#NAME_RESERVED}.
   *
   * @throws Refusal {@link Reason#USER_MISMATCH} when a connection in a room would change its name or subject, or is a
   *     guest there
   */
  public void identify(Connection connection, Identity identity) {
    Objects.requireNonNull(identity, "identity");
    Identity current = connection.identity();
    Nickname name = connection.name();
    // a guest's seats carry no subject, and a kick bans a seat by its subject, so a guest signs in in no room only
    boolean changes =
        current == null
            || !current.subject().equals(identity.subject())
            || (name != null && !name.equals(identity.name()));
    if (changes && !connection.rooms().isEmpty()) {
      throw new Refusal(
          Reason.USER_MISMATCH,
          "this connection is in a room as \""
              + name
              + (current == null
                  ? "\", a guest; leave it before signing in"
                  : "\"; leave it before speaking as another user"));
    }
    synchronized (connection) {
      connection.identify(identity);
      signedIn.hold(connection, current == null ? null : current.name(), identity.name());
    }
    if (!connection.isOpen()) {
      signedIn.release(connection); // it closed meanwhile, after its departure released what it held
    }
  }

  /**
   * Counts a request the engine has no other part in (a sign-in, whose token is checked at the edge) against the
   * connection's limits, before the work it asks for.
   *
   * @throws Refusal {@link Reason#RATE_LIMITED} past the request limit
   */
  public void admitRequest(Connection connection) {
    connection.admit(Connection.Cost.REQUEST);
  }

  /**
   * Carries out a request that a connection's transport read, unless a resume has handed the connection's session to
   * another transport since: that transport alone speaks for the session, and this one is being closed (1008). Under
   * the connection's monitor, which the resume's hand-over takes too, so a request read just before the resume is
   * either carried out before the resume answers (and the answer counts it) or not at all.
   *
   * @return false when the request was dropped
   */
  public boolean actFor(Connection connection, Recipient transport, Runnable request) {
    synchronized (connection) {
      if (!connection.servedBy(transport)) {
        return false;
      }
      request.run();
      return true;
    }
  }

  /** The signed-in user a connection is (its token's subject), or null for a guest. */
  private static String subject(Connection connection) {
    Identity identity = connection.identity();
    return identity == null ? null : identity.subject();
  }

  /**
   * Refuses a resume by another user than the session's: a signed-in session is resumed under a token of its subject
   * and name, a guest's without a token.
   */
  private static void requireSameUser(Connection session, Identity resumer) {
    Identity owner = session.identity();
    String ownerSubject = owner == null ? null : owner.subject();
    String resumerSubject = resumer == null ? null : resumer.subject();
    if (!Objects.equals(ownerSubject, resumerSubject)) {
      throw new Refusal(
          Reason.USER_MISMATCH,
          owner == null
              ? "this session was a guest's; resume it without signing in"
              : "this session belongs to another user; sign in as its user to resume it");
    }
    if (resumer != null && session.name() != null && !session.name().equals(resumer.name())) {
      throw new Refusal(
          Reason.USER_MISMATCH,
          "this session speaks as \"" + session.name() + "\", not as \"" + resumer.name() + "\"");
    }
  }

  /** Tells the connection of every owned room created or ended from now on, on any node, while it is in no room. */
  public void watchLobby(Connection connection) {
    members.watchLobby(connection);
    if (!connection.isOpen()) {
      members.leaveLobby(connection); // it dropped meanwhile, after its disconnect left the lobby
    }
  }

  /** The owned rooms, for the lobby. */
  public List<RoomSummary> rooms() {
    return registry.rooms();
  }

  /** The owned rooms, as a connection asked for them (a request within its limits). */
  public List<RoomSummary> rooms(Connection requester) {
    requester.admit(Connection.Cost.REQUEST);
    return registry.rooms();
  }

  /**
   * Hands the owned rooms, as a connection asked for them, to {@code reply}; for a lobby subscriber in step with its
   * pushes, so nothing pushed before the list arrives after it.
   */
  public void rooms(Connection requester, Consumer<List<RoomSummary>> reply) {
    requester.admit(Connection.Cost.REQUEST);
    feed.inStep(requester, registry::rooms, reply);
  }

  /**
   * Subscribes the connection to the lobby feed (a request within its limits): {@code reply} gets the owned rooms as
   * they are now, and from then on the connection's recipient gets every change to them, in batches at most {@link
   * LobbyFeed#WINDOW} apart (a room's head count at most once per batch), or a request to resync.
   */
  public void subscribeLobby(Connection connection, Consumer<List<RoomSummary>> reply) {
    connection.admit(Connection.Cost.REQUEST);
    feed.subscribe(connection, registry::rooms, reply);
  }

  /**
   * Ends the connection's lobby subscription (never refused, like leaving a room); {@code then} runs after the last
   * batch it gets.
   */
  public void unsubscribeLobby(Connection connection, Runnable then) {
    feed.unsubscribe(connection, then);
  }

  /** What the engine holds right now, for status reports and leak checks. */
  public Status status() {
    int suspended =
        (int) sessions.values().stream().filter(session -> session.recipient() instanceof Suspension).count();
    return new Status(connections.size(), members.seats(), registry.census(), suspended);
  }

  /**
   * The engine's counts: connections (suspended ones included) and seats on this node, what the registry holds, and
   * how many of the connections are suspended sessions waiting for their client.
   */
  public record Status(int connections, int seats, Census registry, int suspended) {}

  @PreDestroy
  void shutdown() {
    expiries.shutdownNow();
    feed.close();
    registry.close();
  }

  /** Runs a registry change that admits the connection to a room, with its seat reserved first. */
  private void seated(Connection connection, RoomRef room, Runnable admission) {
    if (!members.reserve(room, connection)) {
      throw new Refusal(Reason.ALREADY_MEMBER, "you are already in room " + room);
    }
    try {
      admission.run();
    } catch (RuntimeException refused) {
      members.withdraw(room, connection);
      throw refused;
    }
  }

  /**
   * Runs a registry change that takes the connection out of a room. The connection counts as out of it at once, but
   * keeps its seat, and with it the room's events up to its own exit, until that exit reaches this node.
   */
  private boolean leaving(Connection connection, RoomRef room, BooleanSupplier exit) {
    members.leaving(room, connection);
    try {
      return exit.getAsBoolean();
    } catch (RuntimeException refused) {
      members.staying(room, connection);
      throw refused;
    }
  }

  /** Gives the connection a session its client can resume, once, if sessions are on and its client resumes them. */
  private void openSession(Connection connection, Member member) {
    if (!sessionLimits.enabled() || connection.session() != null || !connection.recipient().resumes()) {
      return;
    }
    byte[] random = new byte[18]; // 144 bits
    tokens.nextBytes(random);
    String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    registry.sessionOpened(token, member, sessionLimits.resumeWindow());
    connection.session(token);
    sessions.put(token, connection);
    connection.recipient().sessionOpened(token);
  }

  /**
   * Ends the connection's session while the connection goes on (its client switched to the app dialect, which has
   * none): a resume with its token is refused {@link Reason#SESSION_EXPIRED} from now on, and a drop leaves its rooms
   * at once.
   *
   * @throws Refusal {@link Reason#UNAVAILABLE} when the registry cannot end it now, {@link Reason#SESSION_EXPIRED}
   *     when a resume on another node took it over first; nothing changed then
   */
  public void endSession(Connection connection) {
    synchronized (connection) { // as a resume reads it
      String token = connection.session();
      if (token == null) {
        return;
      }
      registry.endSession(token, connection.id());
      connection.session(null);
      connection.lostRooms(LostRooms.NONE);
      sessions.remove(token, connection);
    }
  }

  /**
   * Puts a stand-in in front of the connection that keeps its rooms' events (the caller holds the connection's
   * monitor): first the stand-in, then what each room kept so far, so that no event falls between the two.
   */
  private Suspension suspend(Connection connection) {
    Suspension suspension = new Suspension(historyLimits.keep(), connection.recipient());
    standIn(connection, suspension);
    members.leaveLobby(connection);
    feed.forget(connection);
    return suspension;
  }

  /**
   * Suspends a session whose transport is still connected, for its resume on a new one (the caller holds the
   * connection's monitor), or changes nothing: that transport goes on getting every event until the hand-over, and
   * serving the session if the registry cannot answer for one of its rooms (out of reach), which the stand-in would
   * then hold nothing of, so that the resume would take the session for out of a room it holds.
   *
   * @throws Refusal {@link Reason#UNAVAILABLE} then: the client tries again
   */
  private Suspension suspendToResume(Connection session, Recipient transport) {
    Suspension suspension = Suspension.inFrontOf(transport, historyLimits.keep());
    standIn(session, suspension);
    try {
      catchUpWithRegistry(session, suspension);
    } catch (Refusal unavailable) {
      suspension.handOver(transport);
      session.serveBy(transport);
      throw unavailable;
    }
    members.leaveLobby(session);
    feed.forget(session);
    return suspension;
  }

  /** Puts the stand-in in front of the connection, then gives it what each of the connection's rooms kept so far. */
  private void standIn(Connection connection, Suspension suspension) {
    connection.serveBy(suspension);
    for (RoomRef room : connection.rooms()) {
      try {
        // by its id: a connection whose first join is in flight has its seat, and its session, before its name
        suspension.caughtUp(room, registry.tail(room, connection.id()));
      } catch (Refusal gone) {
        // the room ended meanwhile: its end is on its way to the stand-in; or the registry is out of reach: a resume
        // reads the room again (catchUpWithRegistry)
      }
    }
    connection
        .lostRooms()
        .at(clock.instant())
        .forEach(
            (room, lost) -> {
              try {
                // a room that ended, or that it was kicked from, while the client was connected: the registry
                // keeps its events to its end, or to the kick
                RoomTail tail = lost.tail();
                suspension.caughtUp(room, tail != null ? tail : registry.tail(room, connection.id()));
              } catch (Refusal gone) {
                // the registry no longer keeps them
              }
            });
  }

  /**
   * Notes, for a connection in an owned room that just ended, or that it was just kicked from, that its client may not
   * have had the end or the kick: the frames were handed to its transport, but the connection may drop before they
   * reach the client. Should its drop come to light within the session's {@linkplain SessionLimits#linger linger} from
   * now (the resume window, and the time a dead network goes unnoticed), its session is suspended, though it may be in
   * no room, and a resume replays the room's events after the client's mark to its end or to the kick (which the
   * registry keeps that long).
   */
  private void lostWhileConnected(Connection connection, RoomId room) {
    if (!sessionLimits.enabled() || historyLimits.keep() == 0 || connection.session() == null) {
      return;
    }
    Instant now = clock.instant();
    connection.changeLostRooms(lost -> lost.whileConnected(room, now, now.plus(sessionLimits.linger())));
  }

  /**
   * Keeps, for the session, the rooms among those a resume replays ({@code kept}) that it is no longer in ({@code
   * in}): they ended, or it was kicked from them, while it was away. They are kept for the session's {@linkplain
   * SessionLimits#linger linger} from now, in case the client drops again before the replay reached it (a drop a dead
   * network hides comes to light a heartbeat's timeout late); no room of theirs will keep them for it. Rooms the
   * fan-out noted meanwhile stay noted.
   */
  private void keepLost(Connection session, Map<? extends RoomRef, RoomTail> kept, Set<RoomRef> in) {
    Map<RoomRef, RoomTail> lost = new HashMap<>();
    kept.forEach(
        (room, tail) -> {
          if (!in.contains(room)) {
            lost.put(room, tail);
          }
        });
    Instant now = clock.instant();
    session.changeLostRooms(rooms -> rooms.with(lost, now, now.plus(sessionLimits.linger())));
  }

  /** Ends a suspended session whose client did not come back in time: it leaves as a drop would. */
  private void expire(Connection connection, Suspension suspension) {
    synchronized (connection) {
      if (connection.recipient() != suspension || !connection.close()) {
        return; // resumed meanwhile, or ended
      }
    }
    tally.expire();
    LogBudget.info(LOG, "session of {0} expired: its client did not come back", connection.id());
    departed(connection);
  }

  /**
   * Why a session cannot catch up on a room it kept nothing of: it was kicked from it (and the room keeps no events, or
   * no longer keeps the kick for it), it is not in it, or the room is no more. Asked after the hand-over, so it never
   * refuses: while the registry is out of reach, a room it cannot tell about is one the session is not in.
   */
  private Reason absence(Connection session, RoomId room) {
    if (session.wasKickedFrom(room)) {
      return Reason.BANNED;
    }
    try {
      if (registry.rooms().stream().noneMatch(summary -> summary.id().equals(room))) {
        return Reason.NO_SUCH_ROOM;
      }
    } catch (Refusal outOfReach) {
      // the session is served by its new transport already: a refusal now would leave it held by a replay never done
    }
    return Reason.NOT_MEMBER;
  }

  private void requireRoomForAnotherMembership(Connection connection) {
    if (connection.rooms().size() >= roomLimits.membershipsPerConnection()) {
      throw new Refusal(
          Reason.TOO_MANY_ROOMS,
          "you are in " + roomLimits.membershipsPerConnection()
              + " rooms already, the most one connection may; leave one");
    }
  }

  private Instant now() {
    return clock.instant().truncatedTo(ChronoUnit.MILLIS);
  }

  private void accepted(Connection connection, Nickname name, RoomRef room) {
    connection.bind(name);
    if (!connection.isOpen()) {
      // the connection dropped while its join was in flight: leave as the drop would have
      try {
        registry.exit(room, new Member(connection.id(), name), true, Origin.of(connection.id()));
      } catch (Refusal gone) {
        // already cleaned up
      } finally {
        members.release(room, connection);
      }
    }
  }
}
