package dev.socketchat.domain;

import java.util.List;
import java.util.Objects;

/**
 * An owned room as a newcomer needs to draw it: its name, its owner, its members in joining order and its most recent
 * chat messages, oldest first.
 */
public record RoomView(RoomId id, RoomName name, Nickname owner, List<Nickname> members, List<ChatLine> history) {
  public RoomView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    members = List.copyOf(members);
    history = List.copyOf(history);
  }

  /** A view without history. */
  public RoomView(RoomId id, RoomName name, Nickname owner, List<Nickname> members) {
    this(id, name, owner, members, List.of());
  }
}
