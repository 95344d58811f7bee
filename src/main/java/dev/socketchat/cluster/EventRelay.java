package dev.socketchat.cluster;

import dev.socketchat.cluster.PublishedEvents.Move;
import dev.socketchat.cluster.PublishedEvents.Published;
import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.FanOut;
import dev.socketchat.domain.Member;
import dev.socketchat.domain.Refusal;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomEvent.MemberKicked;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import dev.socketchat.domain.RoomId;
import dev.socketchat.domain.RoomRef;
import dev.socketchat.threads.DaemonThreads;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands the events from Redis to this node's fan-out on one thread, in the order they were published, so each room's
 * events reach the node's members in the order they happened; the Redis I/O thread only queues them. Events are
 * numbered: one this node missed (published while its subscription was down) is fetched from the recent events kept
 * in Redis and delivered in its place. On the way it notes the highest room number seen and forgets the memberships
 * that ended.
 */
final class EventRelay implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EventRelay.class.getName());
  private static final int GAP_ROOMS = 16; // rooms per gap.lua call
  private static final int ENDS_REMEMBERED = 10_000;

  private final FanOut fanOut;
  private final Journal journal;
  private final String node;
  private final ExecutorService thread;
  private final AtomicInteger highestRoom = new AtomicInteger();
  private RedisLink link;
  // the last event delivered; touched on the delivery thread only
  private String epoch;
  private long lastSeq;
  // deletions and drops told lately, by this node's resync (here) and by the events that announced them: a node taken
  // for dead tells its own members of what the cluster removed as its resync finds it, and then receives the events
  // that announced it (or the other way round); each is told once. Forgotten when Redis starts numbering anew
  private final Set<Object> toldHere = recentEnds();
  private final Set<Object> toldByEvents = recentEnds();

  /** A connection dropped from a room: it never joins that room again. */
  private record Drop(RoomRef room, ConnectionId connection) {}

  /** A room deleted under its owner's connection (after Redis lost its data, its number may go to another room). */
  private record Deletion(RoomId room, ConnectionId owner) {}
  EventRelay(FanOut fanOut, Journal journal, String node) {
    this.fanOut = Objects.requireNonNull(fanOut, "fanOut");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.node = Objects.requireNonNull(node, "node");
    this.thread =
        Executors.newSingleThreadExecutor(
            DaemonThreads.named("socketchat-events-" + node));
  }

  /** The link missed events are fetched through; set once, before anything is received. */
  void fetchThrough(RedisLink link) {
    this.link = Objects.requireNonNull(link, "link");
  }

  /** Queues one published message; called on the subscriber's I/O thread, in publishing order. */
  void received(String message) {
    submit(() -> accept(PublishedEvents.read(message)));
  }

  /**
   * Notes where Redis stands, seen after this node's subscription was confirmed: whatever was published up to there
   * and has not arrived is fetched and delivered now (with a new epoch, everything since Redis lost its data).
   */
  void synced(String currentEpoch, long currentSeq) {
    submit(
        () -> {
          if (epoch == null) {
            epoch = currentEpoch; // a new node: what was published before it subscribed is not its members' business
            lastSeq = Math.max(lastSeq, currentSeq);
          } else {
            catchUp(currentEpoch, currentSeq);
          }
        });
  }

  /** Queues a drop this node tells only its own members (a membership it found gone while resyncing). */
  void localDrop(MemberLeft notice) {
    submit(() -> deliver(notice, 0, endOf(notice), true));
  }

  /**
   * Queues a deletion this node tells only its own members (a room it found gone while resyncing); {@code owner} is the
   * connection of the room's owner as this node knew it, or null.
   */
  void localDeletion(RoomDeleted notice, ConnectionId owner) {
    submit(() -> deliver(notice, 0, owner == null ? null : new Deletion(notice.room(), owner), true));
  }

  /** Notes a room number handed out by this node. */
  void allocated(RoomId room) {
    highestRoom.accumulateAndGet(room.value(), Math::max);
  }

  /** The highest room number this node has seen, so a Redis that lost its counter never repeats one. */
  int highestRoom() {
    return highestRoom.get();
  }

  private void accept(Published published) {
    if (epoch == null) {
      epoch = published.epoch();
      lastSeq = published.seq() - 1;
    }
    catchUp(published.epoch(), published.seq() - 1);
    if (published.epoch().equals(epoch) && published.seq() == lastSeq + 1) {
      deliver(published);
      lastSeq = published.seq();
    }
  }

  private void deliver(Published published) {
    if (published.restored()) {
      forgetEndsTold(); // a room given up here may be back
      fanOut.missed(); // the room lists have rooms no event told of
    } else if (published.move() == null) {
      journal.banned(published.room(), published.bans());
      deliver(published.event(), published.seq(), endOf(published.event()), false);
    } else {
      moved(published.move());
      journal.banned(published.room(), published.bans());
    }
  }

  /**
   * A session moved to another connection: the old one's membership is forgotten here, the new one's noted if it is
   * this node's, before the fan-out moves the seat. A move in no room ends the old connection, which has no membership
   * left to forget (its rooms' ends and kicks came before).
   */
  private void moved(Move move) {
    journal.sessionGone(move.from());
    if (move.room() == null) {
      fanOut.sessionMoved(move.from());
      return;
    }
    if (move.room() instanceof RoomId id) {
      allocated(id);
    }
    journal.forget(move.room(), move.from());
    if (move.ownerConnection() != null) {
      journal.ownerMoved(move.room(), move.from(), move.ownerConnection());
    }
    if (move.member().connection().value().startsWith(node + ":")) {
      journal.expect(move.room(), move.member());
      boolean owner = move.member().connection().equals(move.ownerConnection());
      journal.admitted(
          move.room(),
          move.member(),
          move.joins(),
          owner ? move.roomName() : null,
          move.ownerName(),
          move.ownerConnection());
    }
    fanOut.moved(move.room(), move.from(), move.member().connection());
  }

  /**
   * A resync found that the entry's session moved to {@code to} while this node was not listening: once the missed
   * events queued before have been delivered, the seat is moved here as that move would have, should the move not be
   * among them (more events passed than the cluster keeps), rather than stay with a connection that is not in the room.
   */
  void movedUnlessDelivered(Journal.Entry entry, ConnectionId to) {
    submit(
        () -> {
          ConnectionId from = entry.member().connection();
          if (!journal.holds(entry.room(), from) || to.value().isEmpty() || to.value().startsWith(node + ":")) {
            return; // the move came, or the seat went otherwise (or went to a connection of this node's, which only
            // the move's event tells the journal about)
          }
          LOG.log(
              System.Logger.Level.WARNING,
              "node {0} missed the move of {1}''s seat in {2} to {3}, no longer among the events the cluster keeps: the"
                  + " seat moves now",
              node,
              from,
              entry.room(),
              to);
          moved(
              new Move(
                  entry.room(), from, new Member(to, entry.member().name()), 0, null, null, entry.owner() ? to : null));
        });
  }

  /**
   * Delivers, from the recent events in Redis, whatever came before {@code upTo} in that epoch and is missing; when the
   * recent events no longer reach back that far, the missed events of this node's rooms come from the rooms' own kept
   * events first.
   */
  private void catchUp(String currentEpoch, long upTo) {
    boolean missed = false; // something the lobby subscribers heard of from no event
    if (!currentEpoch.equals(epoch)) {
      LOG.log(System.Logger.Level.INFO, "Redis lost its data: events start again from number 1");
      epoch = currentEpoch;
      lastSeq = 0;
      missed = true;
      forgetEndsTold(); // room numbers may be handed out again
    }
    if (upTo > lastSeq) {
      missed |= fetch(currentEpoch, upTo);
    }
    if (missed) {
      fanOut.missed();
    }
  }

  /**
   * Delivers the missed events up to {@code upTo} that Redis still has; returns whether some of them were lost to this
   * node (or could not be read or delivered).
   */
  private boolean fetch(String currentEpoch, long upTo) {
    boolean lost = false;
    try {
      List<Object> reply = link.run(Script.REPLAY, Long.toString(lastSeq + 1), Long.toString(upTo));
      if (!currentEpoch.equals(reply.get(1))) {
        return false; // Redis lost its data again meanwhile: the next event tells where things stand
      }
      String firstKept = (String) reply.get(2);
      List<Object> messages = reply.subList(3, reply.size());
      List<Published> recent = readAll(messages);
      lost = recent.size() < messages.size();
      long first = firstKept.isEmpty() ? upTo + 1 : Long.parseLong(firstKept);
      if (first > lastSeq + 1) {
        lost = true; // events of no room of this node's, or of open rooms, which keep no events, are lost to it
        fillFromRooms(currentEpoch, first);
      }
      lost |= deliverInOrder(recent);
    } catch (Refusal unavailable) {
      LOG.log(System.Logger.Level.WARNING, "could not fetch missed events {0} to {1}", lastSeq + 1, upTo);
      lost = true;
    }
    lastSeq = Math.max(lastSeq, upTo); // what Redis no longer has is lost to this node
    return lost;
  }

  /**
   * Delivers the events numbered from the next one missed to just before {@code before}, which the recent events no
   * longer hold (the node missed more events than the cluster keeps), from the kept events of the owned rooms it has
   * members in, in their order. Asks for a few rooms at a time: each may keep up to its {@code keep} events.
   */
  private void fillFromRooms(String currentEpoch, long before) {
    List<Map.Entry<RoomId, Long>> rooms = new ArrayList<>(journal.ownedRoomsSeen().entrySet());
    List<Published> kept = new ArrayList<>();
    int unreadable = 0;
    try {
      for (int at = 0; at < rooms.size(); at += GAP_ROOMS) {
        List<String> args = new ArrayList<>(List.of(Long.toString(lastSeq + 1), Long.toString(before)));
        for (Map.Entry<RoomId, Long> room : rooms.subList(at, Math.min(rooms.size(), at + GAP_ROOMS))) {
          args.add(room.getKey().toString());
          args.add(Long.toString(room.getValue()));
        }
        List<Object> reply = link.run(Script.GAP, args.toArray(String[]::new));
        if (!currentEpoch.equals(reply.get(1))) {
          return; // Redis lost its data meanwhile: the next event tells where things stand
        }
        List<Object> messages = reply.subList(2, reply.size());
        List<Published> read = readAll(messages);
        unreadable += messages.size() - read.size();
        kept.addAll(read);
      }
    } catch (Refusal unavailable) {
      LOG.log(System.Logger.Level.WARNING, "could not fetch the kept events of node {0}''s rooms", node);
    }
    kept.sort(Comparator.comparingLong(Published::seq));
    LOG.log(
        System.Logger.Level.WARNING,
        "node {0} missed events {1} to {2}, more than the cluster keeps: {3} of them, from the kept events of its {4}"
            + " room(s), go to its members ({5} unreadable); the others are lost to it",
        node,
        lastSeq + 1,
        before - 1,
        kept.size(),
        rooms.size(),
        unreadable);
    deliverInOrder(kept);
  }

  /**
   * Reads events from Redis; one this node cannot read (a newer node's kind, say) is passed over with a WARNING rather
   * than holding up all that follow.
   */
  private static List<Published> readAll(List<Object> messages) {
    List<Published> read = new ArrayList<>();
    for (Object message : messages) {
      try {
        read.add(PublishedEvents.read((String) message));
      } catch (RuntimeException unreadable) {
        LOG.log(System.Logger.Level.WARNING, "an event from Redis could not be read: " + message, unreadable);
      }
    }
    return read;
  }

  /** Delivers those of the events that come after the last one delivered; returns whether one could not be. */
  private boolean deliverInOrder(List<Published> events) {
    boolean failed = false;
    for (Published published : events) {
      if (published.seq() > lastSeq) {
        try {
          deliver(published);
        } catch (RuntimeException undeliverable) {
          LOG.log(
              System.Logger.Level.WARNING, "an event from Redis could not be delivered: " + published, undeliverable);
          failed = true;
        }
        lastSeq = published.seq();
      }
    }
    return failed;
  }

  /**
   * Forgets what the event ends before the fan-out sees it. A member's own exit was forgotten when Redis accepted it,
   * and the member may have joined again before the exit arrives here, so only drops (announced by another node's
   * reaper, or this node's resync) are forgotten on arrival: a dropped connection never joins again. A deletion or a
   * drop already told (by this node's resync and by the event that announced it, in either order) is not told again.
   *
   * @param position the event's number among all the cluster's events (0 for this node's own notices)
   * @param end the deletion or drop the event tells, or null
   * @param here whether this node's resync tells it (rather than an event)
   */
  private void deliver(RoomEvent event, long position, Object end, boolean here) {
    if (event.room() instanceof RoomId id) {
      allocated(id);
    }
    if (event.seq() > 0) {
      journal.numbered(event.room(), event.seq());
    }
    if (event.kind() == RoomEvent.Kind.ROOM_DELETED) {
      journal.forgetRoom(event.room());
    } else if (event instanceof MemberLeft left && left.dropped()) {
      journal.forget(event.room(), event.origin().connection());
    } else if (event instanceof MemberKicked kicked) {
      journal.forget(event.room(), kicked.target()); // banned: it cannot have joined again
    }
    if (end == null || firstTelling(end, here)) {
      fanOut.deliver(event, position);
    }
  }

  /** The deletion or drop an event tells, or null. */
  private static Object endOf(RoomEvent event) {
    if (event instanceof RoomDeleted deleted) {
      return new Deletion(deleted.room(), deleted.origin().connection());
    }
    if (event instanceof MemberLeft left && left.dropped()) {
      return new Drop(left.room(), left.origin().connection());
    }
    return null;
  }

  /** Whether an end is told now: not when the other side told it already (the pair is then complete). */
  private boolean firstTelling(Object end, boolean here) {
    if ((here ? toldByEvents : toldHere).remove(end)) {
      return false;
    }
    (here ? toldHere : toldByEvents).add(end);
    return true;
  }

  private void forgetEndsTold() {
    toldHere.clear();
    toldByEvents.clear();
  }

  /** A set that keeps the latest {@value #ENDS_REMEMBERED} ends added. */
  private static Set<Object> recentEnds() {
    return Collections.newSetFromMap(
        new LinkedHashMap<>() {
          @Override
          protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
            return size() > ENDS_REMEMBERED;
          }
        });
  }

  private void submit(Runnable delivery) {
    try {
      thread.execute(
          () -> {
            try {
              delivery.run();
            } catch (RuntimeException e) {
              LOG.log(System.Logger.Level.WARNING, "an event from Redis could not be delivered", e);
            }
          });
    } catch (RejectedExecutionException closed) {
      // the node is shutting down: nobody is left to deliver to
    }
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
