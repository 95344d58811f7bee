package dev.socketchat.cluster;

import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.Origin;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomRef;
import dev.socketchat.threads.DaemonThreads;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Keeps this node known to the cluster and in step with Redis. A timer renews the node's liveness key and removes the
 * members of nodes whose key expired (not within a liveness time after Redis stood still: a stall is not a death);
 * after any break with Redis (an outage, a dropped connection, a request whose outcome is unknown, Redis losing its
 * data, this node renewing its key too late) it reconciles the node's memberships before requests go through again.
 * Until then requests are refused at once with {@link Reason#UNAVAILABLE}. Members the cluster removed meanwhile (this
 * node was taken for dead) are told as drops, which closes their connections.
 */
final class NodeKeeper implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(NodeKeeper.class.getName());

  private final RedisLink link;
  private final Journal journal;
  private final EventRelay relay;
  private final String node;
  private final Duration liveness;
  private final int keep;
  private final String info;
  private final ReentrantReadWriteLock gate = new ReentrantReadWriteLock();
  private final ScheduledExecutorService timer;
  private volatile boolean ready;
  private volatile boolean resyncNeeded;
  private volatile boolean closed;
  private volatile String epoch;
  // System.nanoTime() when the last renewal that Redis applied was sent: the node's key lives until liveness after it
  private volatile long renewedAt;
  private boolean outage; // touched by the timer thread only
  private final AtomicLong outages = new AtomicLong();

  /**
   * Prepares the keeper; nothing runs before {@link #start()}.
   *
   * @param keep how many of its latest events a room keeps when this node puts it back after Redis lost its data
   *     ({@code socketchat.history.keep})
   */
  NodeKeeper(RedisLink link, Journal journal, EventRelay relay, String node, Duration liveness, int keep) {
    this.link = Objects.requireNonNull(link, "link");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.relay = Objects.requireNonNull(relay, "relay");
    this.node = Objects.requireNonNull(node, "node");
    this.liveness = Objects.requireNonNull(liveness, "liveness");
    this.keep = keep;
    this.info =
        "pid " + ProcessHandle.current().pid() + " on " + System.getenv().getOrDefault("HOSTNAME", "this host")
            + " since " + Instant.now();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("socketchat-node-" + node));
  }

  /** Registers the node (when Redis is reachable now) and renews it every quarter of the liveness period. */
  void start() {
    tick();
    long period = Math.max(250, liveness.toMillis() / 4);
    // tick() catches and logs its own failures, so nothing waits on the future; close() shuts the timer down
    var unused = timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Runs a request unless the node is out of step with Redis; reconciling waits for requests under way.
   *
   * @throws Refusal {@link Reason#UNAVAILABLE} when Redis is out of reach or the node has not caught up yet
   */
  <T> T whileReady(Supplier<T> request) {
    Lock lock = gate.readLock();
    lock.lock();
    try {
      if (!ready || link.interrupted() || System.nanoTime() - renewedAt > liveness.toNanos()) {
        // until the node has caught up after the break; a node that has not renewed its key for the liveness time
        // (frozen, cut off) may have been taken for dead meanwhile and must find out first
        throw RedisLink.unavailable();
      }
      return request.get();
    } catch (Refusal refused) {
      if (refused.reason() == Reason.UNAVAILABLE) {
        resyncNeeded = true; // the request may or may not have been applied: look again
      }
      throw refused;
    } finally {
      lock.unlock();
    }
  }

  private void tick() {
    if (closed) {
      return;
    }
    try {
      link.connect();
      boolean interrupted = link.interrupted();
      if (interrupted) {
        ready = false; // before the mark goes: requests stay refused until the resync below
        link.clearInterruption();
        if (!outage) {
          // a break too short for a renewal to fail is an outage all the same: requests were refused meanwhile
          outage = true;
          outages.incrementAndGet();
          LOG.log(
              System.Logger.Level.WARNING,
              "a connection to Redis at {0} dropped: node {1} refuses requests with UNAVAILABLE until it is in step",
              link.address(),
              node);
        }
      }
      long sent = System.nanoTime();
      List<Object> reply = link.run(Script.TICK, node, ttl(), info, UUID.randomUUID().toString());
      long received = System.nanoTime();
      link.clock().sample(Long.parseLong((String) reply.get(3)), sent, received);
      renewedAt = sent;
      boolean existed = "1".equals(reply.get(1));
      String current = (String) reply.get(2);
      String takenForDead = (String) reply.get(4);
      for (Object reaped : reply.subList(5, reply.size())) {
        String[] nodeAndCounts = ((String) reaped).split("=", 3);
        LOG.log(
            System.Logger.Level.WARNING,
            "node {0} let its liveness key expire while Redis answered: taken for dead, its {1} membership(s) removed"
                + " and announced to their rooms as drops, {2} seat(s) kept for sessions that may resume elsewhere"
                + " within their window",
            nodeAndCounts[0],
            nodeAndCounts[1],
            nodeAndCounts[2]);
      }
      if (!takenForDead.isEmpty()) {
        LOG.log(
            System.Logger.Level.WARNING,
            "node {0} was taken for dead at {1} (it had not renewed its liveness key for {2} ms: frozen or cut off from"
                + " Redis): it takes back the sessions still waiting for a resume; members the cluster removed are"
                + " closed with 1012 as their removals arrive",
            node,
            Instant.ofEpochMilli(Long.parseLong(takenForDead)),
            liveness.toMillis());
      }
      boolean lostData = epoch != null && !epoch.equals(current);
      if (lostData) {
        LOG.log(System.Logger.Level.WARNING, "Redis lost its data: node {0} puts its rooms and members back", node);
      }
      Resynced resynced = null;
      if (!ready || interrupted || !existed || lostData || resyncNeeded || journal.unsettled()) {
        resynced = resync(lostData);
      }
      int gone = resynced == null ? 0 : resynced.gone();
      if (gone > 0) {
        LOG.log(
            System.Logger.Level.WARNING,
            "node {0} found {1} of its memberships gone from Redis: their rooms were told; the members are closed with"
                + " 1012, or told that their room was deleted",
            node,
            gone);
      }
      if (outage) {
        outage = false;
        LOG.log(
            System.Logger.Level.INFO,
            "Redis at {0} answers again; node {1} in step, {2} membership(s) in place",
            link.address(),
            node,
            resynced == null ? journal.entries().size() : resynced.kept());
      }
    } catch (Refusal unavailable) {
      ready = false;
      if (!outage) {
        outage = true;
        outages.incrementAndGet();
        LOG.log(
            System.Logger.Level.WARNING,
            "Redis at {0} out of reach or not answering in time: node {1} refuses requests with UNAVAILABLE until it"
                + " answers again",
            link.address(),
            node);
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.WARNING, "cluster upkeep of node " + node + " failed", e);
    }
  }

  /** How many times Redis went out of reach (or stopped answering in time) since the node started. */
  long outages() {
    return outages.get();
  }

  /** What a resync found: memberships in place, and memberships Redis no longer had (their members were told). */
  private record Resynced(int kept, int gone) {}

  /** Reconciles this node's memberships with Redis, with no request of this node under way meanwhile. */
  private Resynced resync(boolean lostData) {
    Lock lock = gate.writeLock();
    lock.lock();
    try {
      resyncNeeded = false;
      link.subscribe();
      long now = System.nanoTime();
      if (lostData) {
        journal.restoreAll(now + liveness.multipliedBy(2).toNanos());
      }
      List<Journal.Entry> entries = journal.entries();
      Map<String, ConnectionId> ends = journal.unreachedEnds();
      List<Object> reply =
          link.run(
              Script.RESYNC,
              node,
              ttl(),
              info,
              UUID.randomUUID().toString(),
              Integer.toString(relay.highestRoom()),
              journal.toJson(entries, now),
              journal.sessionsJson(),
              Integer.toString(keep),
              lostData ? "1" : "0",
              journal.bansJson(),
              Journal.endsJson(ends));
      journal.endsReached(ends);
      epoch = (String) reply.get(1);
      relay.synced(epoch, Long.parseLong((String) reply.get(2)));
      Set<RoomRef> ended = new HashSet<>();
      int kept = 0;
      int gone = 0;
      for (int i = 0; i < entries.size(); i++) {
        Journal.Entry entry = entries.get(i);
        String[] answer = ((String) reply.get(3 + i)).split(" ", 2);
        String outcome = answer[0];
        if ("OK".equals(outcome)) {
          kept++;
        } else if ("LEFT".equals(outcome) || "ENDED".equals(outcome) || "GIVEN_UP".equals(outcome)) {
          gone++;
        }
        switch (outcome) {
          case "OK" -> journal.settled(entry);
          case "WAIT" -> {
            // its room is not back yet; past its time the script answers ENDED, and notes the room as given up
          }
          case "LEFT" -> {
            // the cluster removed the member (this node was taken for dead): its room was told; the drop, delivered
            // here, closes the member's connection, which still believes it is in the room
            journal.forget(entry.room(), entry.member().connection());
            relay.localDrop(
                new MemberLeft(
                    entry.room(),
                    entry.member().name(),
                    true,
                    MemberLeft.UNKNOWN,
                    Origin.of(entry.member().connection())));
          }
          case "ENDED" -> end(entry, ended, true);
          case "GIVEN_UP" -> end(entry, ended, false);
          case "DROPPED" -> journal.forget(entry.room(), entry.member().connection());
          case "MOVED" ->
              // a resume on another node took the session over while this node was not listening: the move, among
              // the events it missed (fetched next), drops the seat here, or the relay moves it should the move be
              // among those the cluster no longer keeps; nobody left the room
              relay.movedUnlessDelivered(entry, new ConnectionId(answer.length > 1 ? answer[1] : ""));
          default -> throw new IllegalStateException("unknown resync outcome " + reply.get(3 + i));
        }
      }
      ready = true;
      return new Resynced(kept, gone);
    } catch (RuntimeException e) {
      resyncNeeded = true;
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The room is gone while this node's members still sit in it: they are told it was deleted. When its owner is one of
   * this node's connections and {@code withOwner}, the room went with the owner's removal (this node was taken for
   * dead): the deletion is told as that owner's drop, as the other nodes heard it, which also closes the owner's
   * connection. Without {@code withOwner} (the other nodes gave the room up while this one was away) the owner is told
   * like every member, and stays connected.
   */
  private void end(Journal.Entry entry, Set<RoomRef> ended, boolean withOwner) {
    if (ended.add(entry.room()) && entry.room() instanceof RoomId id) {
      journal.forgetRoom(id);
      ConnectionId owner = entry.ownerConnection();
      boolean ownerHere = withOwner && owner != null && owner.value().startsWith(node + ":");
      LOG.log(
          System.Logger.Level.INFO,
          ownerHere
              ? "room {0} is gone from Redis with its owner: its members on node {1} are told, its owner closed"
              : withOwner
                  ? "room {0} is gone from Redis: its members on node {1} are told"
                  : "room {0} was given up by the other nodes while node {1} was away: its members here, its owner"
                      + " too, are told it was deleted",
          id,
          node);
      relay.localDeletion(
          new RoomDeleted(
              id,
              entry.ownerName() != null ? entry.ownerName() : entry.member().name(),
              ownerHere,
              true,
              Origin.of(ownerHere ? owner : new ConnectionId(node + ":redis"))),
          owner);
    }
  }

  private String ttl() {
    return Long.toString(liveness.toMillis());
  }

  /** Stops renewing the node without a word to Redis, as a killed process would (for tests of node failure). */
  void halt() {
    closed = true;
    ready = false;
    timer.shutdownNow();
  }

  /** Stops renewing the node; its remaining members are announced as drops so nobody waits for the key to expire. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    timer.shutdownNow();
    Lock lock = gate.writeLock();
    lock.lock();
    try {
      ready = false;
    } finally {
      lock.unlock();
    }
    try {
      List<Object> reply = link.run(Script.LEAVE, node);
      LOG.log(
          System.Logger.Level.INFO,
          "node {0} left the cluster; {1} remaining membership(s) announced as drops, {2} seat(s) kept for sessions"
              + " that may resume on another node within their window",
          node,
          reply.get(1),
          reply.get(2));
    } catch (RuntimeException e) {
      LOG.log(
          System.Logger.Level.WARNING,
          "node {0} could not say goodbye to Redis; the other nodes remove its members within {1} s",
          node,
          liveness.toSeconds());
    }
  }
}
