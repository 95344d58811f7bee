package dev.socketchat.domain;

import java.util.Objects;

/** A connection taking part in a room under a nickname. */
public record Member(ConnectionId connection, Nickname name) {
  public Member {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(name, "name");
  }
}
