package dev.socketchat.domain;

import java.util.Objects;

/** Identifies one client connection across every node: the node's id and a serial number on that node. */
public record ConnectionId(String value) {
  public ConnectionId {
    Objects.requireNonNull(value, "value");
  }

  @Override
  public String toString() {
    return value;
  }
}
