package dev.socketchat.domain;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The names signed-in connections of this node speak as, by how they look ({@link Nickname#key()}): while a user is
 * signed in, its name is not for guests.
 */
final class SignedInNames {
  private final Map<String, Set<ConnectionId>> holders = new ConcurrentHashMap<>();

  /** Notes that the connection speaks as {@code name} under a token, no longer as {@code previous} (null if none). */
  void hold(Connection connection, Nickname previous, Nickname name) {
    if (previous != null && !previous.key().equals(name.key())) {
      release(connection, previous);
    }
    holders.computeIfAbsent(name.key(), key -> ConcurrentHashMap.newKeySet()).add(connection.id());
  }

  /** Forgets a closed connection's name. */
  void release(Connection connection) {
    Identity identity = connection.identity();
    if (identity != null) {
      release(connection, identity.name());
    }
  }

  private void release(Connection connection, Nickname name) {
    holders.computeIfPresent(
        name.key(),
        (key, ids) -> {
          ids.remove(connection.id());
          return ids.isEmpty() ? null : ids;
        });
  }

  /**
   * Refuses a guest (a connection without a token) that would speak as a name a signed-in connection holds.
   *
   * @throws Refusal {@link Reason#NAME_RESERVED}
   */
  void refuseGuest(Connection connection, Nickname name) {
    if (connection.identity() == null && holders.containsKey(name.key())) {
      throw new Refusal(
          Reason.NAME_RESERVED,
          "the nickname \"" + name + "\" belongs to a signed-in user; sign in or choose another nickname");
    }
  }
}
