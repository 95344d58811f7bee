package dev.socketchat.domain;

import java.util.Objects;

/**
 * The connection whose request caused an event, and the protocol's correlation tag for its reply (opaque here; null
 * when there is none, as for a dropped connection).
 */
public record Origin(ConnectionId connection, String tag) {
  public Origin {
    Objects.requireNonNull(connection, "connection");
  }

  public static Origin of(ConnectionId connection) {
    return new Origin(connection, null);
  }
}
