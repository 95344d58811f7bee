package dev.socketchat.domain;

import java.util.List;
import java.util.Objects;

/**
 * A Socket.IO socket's session that another connection held (on any node), now a new connection's: the connection it
 * was, the name it speaks as, the open rooms it is in, and the events of those rooms it missed, each with its number
 * among all the events the registry published, in that order; or {@code gone} when some of them are no longer kept.
 */
public record SocketTakeover(ConnectionId from, Nickname name, List<RoomKey> rooms, List<Missed> missed, boolean gone) {
  public SocketTakeover {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(name, "name");
    rooms = List.copyOf(rooms);
    missed = List.copyOf(missed);
  }

  /** One event the socket missed, at its place among all the events the registry published. */
  public record Missed(long position, RoomEvent event) {
    public Missed {
      Objects.requireNonNull(event, "event");
    }
  }
}
