package dev.socketchat.domain;

import java.util.Objects;

/** One line of the lobby: an owned room, its owner and how many members it has. */
public record RoomSummary(RoomId id, RoomName name, Nickname owner, int members) {
  public RoomSummary {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
  }
}
