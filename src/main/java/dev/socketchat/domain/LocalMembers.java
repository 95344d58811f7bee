package dev.socketchat.domain;

import dev.socketchat.domain.RoomEvent.MemberJoined;
import dev.socketchat.domain.RoomEvent.MemberLeft;
import dev.socketchat.domain.RoomEvent.RoomCreated;
import dev.socketchat.domain.RoomEvent.RoomDeleted;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's members of each room, and the fan-out that hands every published event to them; connections in no room
 * that watch the lobby are handed every new owned room.
 *
 * <p>A connection takes a seat before its join is published; the seat stays inactive, receiving nothing, until the
 * event that admits it arrives. Everything published before that event is not the newcomer's to see, everything after
 * it is, whatever the delay between the registry and this node.
 */
public final class LocalMembers implements FanOut {
  private final Map<RoomRef, Map<ConnectionId, Seat>> rooms = new ConcurrentHashMap<>();
  private final Set<Connection> lobby = ConcurrentHashMap.newKeySet();

  /** A connection's place in a room on this node. */
  private static final class Seat {
    final Connection connection;
    volatile boolean active;

    Seat(Connection connection) {
      this.connection = connection;
    }
  }

  /**
   * Reserves an inactive seat for a connection about to join.
   *
   * @return false when the connection already has a seat in that room
   */
  boolean reserve(RoomRef room, Connection connection) {
    boolean[] reserved = {false};
    rooms.compute(
        room,
        (key, seats) -> {
          Map<ConnectionId, Seat> present = seats == null ? new ConcurrentHashMap<>() : seats;
          if (present.putIfAbsent(connection.id(), new Seat(connection)) == null) {
            reserved[0] = true;
          }
          return present;
        });
    if (reserved[0]) {
      connection.enter(room);
    }
    return reserved[0];
  }

  /** Gives up a connection's seat (after a refused join, or when the room is gone for it). */
  void release(RoomRef room, Connection connection) {
    rooms.computeIfPresent(
        room,
        (key, seats) -> {
          seats.remove(connection.id());
          return seats.isEmpty() ? null : seats;
        });
    connection.leave(room);
  }

  /** Tells the connection of every room created from now on while it is in no room. */
  void watchLobby(Connection connection) {
    lobby.add(connection);
  }

  /** Stops telling the connection of new rooms. */
  void leaveLobby(Connection connection) {
    lobby.remove(connection);
  }

  @Override
  public void deliver(RoomEvent event) {
    if (event instanceof RoomCreated && !lobby.isEmpty()) {
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
    Broadcast broadcast = new Broadcast(event);
    for (Seat seat : seats.values()) {
      if (seat.active && seat.connection.isOpen()) {
        seat.connection.recipient().deliver(broadcast, seat.connection.id().equals(origin));
      }
    }
    if (event instanceof MemberLeft) {
      Seat left = seats.get(origin);
      if (left != null) {
        release(event.room(), left.connection);
      }
    } else if (event instanceof RoomDeleted) {
      Map<ConnectionId, Seat> gone = rooms.remove(event.room());
      if (gone != null) {
        gone.values().forEach(seat -> seat.connection.leave(event.room()));
      }
    }
  }

  /** Hands a new room to the watchers in no room, on whichever node the room was made. */
  private void tellLobby(RoomEvent event) {
    Broadcast broadcast = new Broadcast(event);
    for (Connection watcher : lobby) {
      if (watcher.inNoRoom() && watcher.isOpen()) {
        watcher.recipient().deliver(broadcast, false);
      }
    }
  }

  /** How many seats this node holds, over all rooms (for status reports and leak checks). */
  public int seats() {
    return rooms.values().stream().mapToInt(Map::size).sum();
  }
}
