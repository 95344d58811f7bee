package dev.socketchat.domain;

import java.util.List;
import java.util.Objects;

/** An owned room as a newcomer needs to draw it: its name, its owner and its members in joining order. */
public record RoomView(RoomId id, RoomName name, Nickname owner, List<Nickname> members) {
  public RoomView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    members = List.copyOf(members);
  }
}
