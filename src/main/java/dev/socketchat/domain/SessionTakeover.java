package dev.socketchat.domain;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A session another connection held (on another node), now this node's connection's: the connection it was, the name
 * it speaks as, each owned room it was in with what the room keeps of its recent events, and the rooms it owns.
 */
public record SessionTakeover(ConnectionId from, Nickname name, Map<RoomId, RoomTail> tails, Set<RoomId> owned) {
  public SessionTakeover {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(name, "name");
    tails = Map.copyOf(tails);
    owned = Set.copyOf(owned);
  }
}
