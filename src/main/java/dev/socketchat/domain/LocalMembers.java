package dev.socketchat.domain;

import dev.socketchat.domain.RoomEvent.MemberJoined;
import dev.socketchat.domain.RoomEvent.MemberKicked;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * This node's members of each room, and the fan-out that hands every published event to them; connections in no room
 * that watch the lobby are handed every owned room created or ended, and the lobby feed notes every change. A seat and
 * its connection's {@linkplain Connection#rooms() places} change together, inside the room's {@code compute}, so no
 * exit, kick or return running meanwhile on another thread sees one without the other.
 *
 * <p>A connection takes a seat before its join is published; the seat stays inactive, receiving nothing, until the
 * event that admits it arrives. Everything published before that event is not the newcomer's to see, everything after
 * it is, whatever the delay between the registry and this node.
 *
 * <p>A connection drops only after it closed; a drop announced for one that is still open means the registry removed
 * it without its doing (in a cluster, its node was taken for dead), so its transport is told to close it.
 */
public final class LocalMembers implements FanOut {
  private static final System.Logger LOG = System.getLogger(LocalMembers.class.getName());
  /** How many events this thread is handing out right now (one, unless a recipient set off another publication). */
  private static final ThreadLocal<int[]> DELIVERING = ThreadLocal.withInitial(() -> new int[1]);

  private final Map<RoomRef, Map<ConnectionId, Seat>> rooms = new ConcurrentHashMap<>();
  private final Set<Connection> lobby = ConcurrentHashMap.newKeySet();
  private final LobbyFeed feed;
  private final Function<ConnectionId, Connection> local;
  private final Consumer<Connection> movedAway;
  private final BiConsumer<Connection, RoomId> lostFor;

  LocalMembers(LobbyFeed feed) {
    this(feed, id -> null, connection -> {});
  }

  LocalMembers(LobbyFeed feed, Function<ConnectionId, Connection> local, Consumer<Connection> movedAway) {
    this(feed, local, movedAway, (connection, room) -> {});
  }

  /**
   * A fan-out that also moves seats when a session is taken over: {@code local} finds this node's connections by id,
   * and {@code movedAway} is told of a connection whose session another connection took over, once it has no seat
   * left; {@code lostFor} is told of each of this node's connections in an owned room as that room ends, or as it is
   * kicked from it, before its seat goes and before it is handed the end or the kick.
   */
  LocalMembers(
      LobbyFeed feed,
      Function<ConnectionId, Connection> local,
      Consumer<Connection> movedAway,
      BiConsumer<Connection, RoomId> lostFor) {
    this.feed = Objects.requireNonNull(feed, "feed");
    this.local = Objects.requireNonNull(local, "local");
    this.movedAway = Objects.requireNonNull(movedAway, "movedAway");
    this.lostFor = Objects.requireNonNull(lostFor, "lostFor");
  }

  /**
   * A connection's place in a room on this node. Its own exits and returns are asked of the registry before their
   * events arrive here, so the seat counts the exits on their way and remembers whether the connection wants to be in
   * the room: it goes when the last of those exits arrives and the connection has not come back meanwhile.
   */
  private static final class Seat {
    final Connection connection;
    volatile boolean active;
    // changed only inside the room's compute
    int exitsOnTheirWay;
    boolean wanted = true;

    Seat(Connection connection) {
      this.connection = connection;
    }
  }

  /**
   * Reserves an inactive seat for a connection about to join, or keeps the seat of one that left and whose exit is
   * still on its way (it then waits for its return after that exit).
   *
   * @return false when the connection already has a seat in that room that it has not left
   */
  boolean reserve(RoomRef room, Connection connection) {
    boolean[] reserved = {false};
    rooms.compute(
        room,
        (key, seats) -> {
          Map<ConnectionId, Seat> present = seats == null ? new ConcurrentHashMap<>() : seats;
          Seat seat = present.get(connection.id());
          if (seat == null) {
            present.put(connection.id(), new Seat(connection));
            reserved[0] = true;
          } else if (!seat.wanted) {
            seat.wanted = true;
            reserved[0] = true;
          }
          if (reserved[0]) {
            connection.enter(room);
          }
          return present;
        });
    return reserved[0];
  }

  /** Undoes a reservation whose join the registry refused. */
  void withdraw(RoomRef room, Connection connection) {
    rooms.compute(
        room,
        (key, seats) -> {
          Seat seat = seats == null ? null : seats.get(connection.id());
          if (seat != null && seat.exitsOnTheirWay > 0) {
            seat.wanted = false; // still leaving: the exit on its way takes the seat
            connection.leaving(room);
            return seats;
          }
          connection.leave(room);
          return without(seats, connection.id());
        });
  }

  /** Notes an exit the connection is about to ask for; its seat stays until that exit arrives. */
  void leaving(RoomRef room, Connection connection) {
    rooms.compute(
        room,
        (key, seats) -> {
          Seat seat = seats == null ? null : seats.get(connection.id());
          if (seat != null) {
            seat.exitsOnTheirWay++;
            seat.wanted = false;
          }
          connection.leaving(room);
          return seats;
        });
  }

  /** Undoes {@link #leaving} for an exit the registry refused. */
  void staying(RoomRef room, Connection connection) {
    rooms.computeIfPresent(
        room,
        (key, seats) -> {
          Seat seat = seats.get(connection.id());
          if (seat != null && seat.exitsOnTheirWay > 0) {
            seat.exitsOnTheirWay--;
            seat.wanted = seat.exitsOnTheirWay == 0;
            if (seat.wanted) {
              connection.enter(room);
            }
          }
          return seats;
        });
  }

  /** Gives up a connection's seat at once (it closed, or its join finished after it dropped). */
  void release(RoomRef room, Connection connection) {
    rooms.compute(
        room,
        (key, seats) -> {
          connection.leave(room);
          return without(seats, connection.id());
        });
  }

  /** The room's seats without the connection's, or null when none is left. */
  private static Map<ConnectionId, Seat> without(Map<ConnectionId, Seat> seats, ConnectionId connection) {
    if (seats == null) {
      return null;
    }
    seats.remove(connection);
    return seats.isEmpty() ? null : seats;
  }

  /** Tells the connection of every room created or ended from now on while it is in no room. */
  void watchLobby(Connection connection) {
    lobby.add(connection);
  }

  /** Stops telling the connection of new and ended rooms. */
  void leaveLobby(Connection connection) {
    lobby.remove(connection);
  }

  @Override
  public void deliver(RoomEvent event) {
    deliver(event, 0);
  }

  @Override
  public void deliver(RoomEvent event, long position) {
    int[] depth = DELIVERING.get();
    depth[0]++;
    try {
      handOut(event, position);
    } finally {
      depth[0]--;
    }
  }

  /**
   * Whether this thread is handing out an event: a transport that reports its connection closed from inside a
   * delivery to it (Grizzly closes a connection whose write fails on the writing thread) is then inside the fan-out,
   * holding the room's lock.
   */
  boolean delivering() {
    return DELIVERING.get()[0] > 0;
  }

  private void handOut(RoomEvent event, long position) {
    feed.observe(event);
    if ((event instanceof RoomCreated || event instanceof RoomDeleted) && !lobby.isEmpty()) {
      tellLobby(event);
    }
    Map<ConnectionId, Seat> seats = rooms.get(event.room());
    if (seats == null) {
      return;
    }
    ConnectionId origin = event.origin().connection();
    if (event instanceof RoomCreated || event instanceof MemberJoined) {
      Seat admitted = seats.get(origin);
      if (admitted != null) {
        admitted.active = true;
      }
    }
    // a kicked member's seat, and an ended room's seats, go before anyone hears of it: a join its client sends on
    // hearing meets the room as it now is (BANNED, NO_SUCH_ROOM), never the old seat (ALREADY_MEMBER)
    if (event instanceof MemberKicked kick && kick.room() instanceof RoomId room) {
      // noted first, as an end is (below): a drop noticed as the seat goes finds the kick noted
      Seat seat = seats.get(kick.target());
      if (seat != null && seat.active && seat.connection.isOpen()) {
        lostFor.accept(seat.connection, room);
      }
    }
    Seat kicked = event instanceof MemberKicked kick ? kicked(event.room(), kick.target()) : null;
    if (event instanceof RoomDeleted deleted) {
      // noted first: a drop noticed as the seats go finds the room's end noted (the client may never read it)
      for (Seat seat : seats.values()) {
        if (seat.active && seat.connection.isOpen()) {
          lostFor.accept(seat.connection, deleted.room());
        }
      }
      ended(event.room());
    }
    Broadcast broadcast = new Broadcast(event, position);
    for (Seat seat : seats.values()) {
      if (seat.active && seat.connection.isOpen()) {
        seat.connection.recipient().deliver(broadcast, seat.connection.id().equals(origin));
      }
    }
    if (kicked != null && kicked.active && kicked.connection.isOpen()) {
      kicked.connection.recipient().deliver(broadcast, kicked.connection.id().equals(origin));
    }
    if (dropped(event)) {
      Seat evicted = seats.get(origin);
      if (evicted != null && evicted.connection.isOpen()) {
        // a connection drops only after it closed: an open one was removed by the registry without its doing
        LOG.log(
            System.Logger.Level.INFO,
            "connection {0} was removed from room {1} by the registry while still open: closing it",
            origin,
            event.room());
        evicted.connection.recipient().evict();
      }
    }
    if (event instanceof MemberLeft) {
      left(event.room(), origin);
    }
  }

  /**
   * Moves a session's seat in the room: the old connection's seat goes, silently, and the new one, if it is this
   * node's, is seated and active at once, so it gets every event after this one.
   */
  @Override
  public void moved(RoomRef room, ConnectionId from, ConnectionId to) {
    Connection arriving = local.apply(to);
    Connection[] away = {null};
    rooms.compute(
        room,
        (key, seats) -> {
          Map<ConnectionId, Seat> present = seats == null ? new ConcurrentHashMap<>() : seats;
          Seat old = present.remove(from);
          if (old != null) {
            away[0] = old.connection;
            old.connection.leave(room);
          }
          if (arriving != null && arriving.isOpen()) {
            Seat seat = new Seat(arriving);
            seat.active = true;
            present.put(to, seat);
            arriving.enter(room);
          }
          return present.isEmpty() ? null : present;
        });
    if (away[0] != null && away[0].seats().isEmpty()) {
      movedAway.accept(away[0]);
    }
  }

  /** Ends, silently, this node's connection whose session moved in no room, once it has no seat left. */
  @Override
  public void sessionMoved(ConnectionId from) {
    Connection away = local.apply(from);
    if (away != null && away.seats().isEmpty()) {
      movedAway.accept(away);
    }
  }

  /** Events were lost: the lobby feed's subscribers are told to fetch the rooms anew. */
  @Override
  public void missed() {
    feed.resyncAll();
  }

  /**
   * A member's exit arrived: its seat goes, unless more of its own exits are on their way or it has come back (then
   * the seat waits, inactive, for the return). An exit it did not ask for (a drop, a membership found gone) always
   * takes the seat.
   */
  private void left(RoomRef room, ConnectionId origin) {
    rooms.computeIfPresent(
        room,
        (key, seats) -> {
          Seat seat = seats.get(origin);
          if (seat == null) {
            return seats;
          }
          boolean own = seat.exitsOnTheirWay > 0;
          if (own) {
            seat.exitsOnTheirWay--;
          }
          if (own && seat.exitsOnTheirWay == 0 && seat.wanted) {
            seat.active = false; // it came back meanwhile: its return comes next
          } else if (!own || (seat.exitsOnTheirWay == 0)) {
            seat.connection.leave(room);
            return without(seats, origin);
          }
          return seats;
        });
  }

  /**
   * A member was kicked: its seat goes whatever exits or returns of its own are on their way (those are refused, or
   * were made before the kick and arrived before it). Returns the seat it had on this node, or null.
   */
  private Seat kicked(RoomRef room, ConnectionId target) {
    Seat[] gone = {null};
    rooms.computeIfPresent(
        room,
        (key, seats) -> {
          gone[0] = seats.remove(target);
          if (gone[0] != null) {
            gone[0].connection.kicked(room);
          }
          return seats.isEmpty() ? null : seats;
        });
    return gone[0];
  }

  /** A room ended: every seat in it goes. */
  private void ended(RoomRef room) {
    rooms.computeIfPresent(
        room,
        (key, seats) -> {
          seats.values().forEach(seat -> seat.connection.leave(room));
          return null;
        });
  }

  private static boolean dropped(RoomEvent event) {
    return (event instanceof MemberLeft left && left.dropped())
        || (event instanceof RoomDeleted deleted && deleted.dropped());
  }

  /** Hands a new or ended room to the watchers in no room, on whichever node the room was made or ended. */
  private void tellLobby(RoomEvent event) {
    Broadcast broadcast = new Broadcast(event);
    for (Connection watcher : lobby) {
      if (watcher.inNoRoom() && watcher.isOpen()) {
        watcher.recipient().deliverToLobby(broadcast);
      }
    }
  }

  /** How many seats this node holds, over all rooms (for status reports and leak checks). */
  public int seats() {
    return rooms.values().stream().mapToInt(Map::size).sum();
  }
}
