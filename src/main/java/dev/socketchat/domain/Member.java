package dev.socketchat.domain;

import java.util.Objects;

/**
 * A connection taking part in a room under a nickname; {@code subject} is the signed-in user it is (its {@link
 * Identity#subject()}), or null for a guest, so that a ban can hold for the user rather than the name.
 */
public record Member(ConnectionId connection, Nickname name, String subject) {
  public Member {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(name, "name");
  }

  /** A guest member, or one whose subject does not matter to the request (leaving, reading). */
  public Member(ConnectionId connection, Nickname name) {
    this(connection, name, null);
  }
}
