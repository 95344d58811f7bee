package dev.socketchat.domain;

import java.util.Objects;

/**
 * One change to the lobby's list of owned rooms: a room was created (with its name, owner and head count), its head
 * count changed, or it ended. Only a creation carries the name and owner; a head count carries {@code members}.
 */
public record LobbyChange(Kind kind, RoomId room, RoomName name, Nickname owner, int members) {

  /** What happened to the room. */
  public enum Kind {
    CREATED,
    MEMBERS,
    DELETED
  }

  public LobbyChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(room, "room");
    if (kind == Kind.CREATED) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(owner, "owner");
    }
  }

  public static LobbyChange created(RoomId room, RoomName name, Nickname owner, int members) {
    return new LobbyChange(Kind.CREATED, room, name, owner, members);
  }

  public static LobbyChange members(RoomId room, int members) {
    return new LobbyChange(Kind.MEMBERS, room, null, null, members);
  }

  public static LobbyChange deleted(RoomId room) {
    return new LobbyChange(Kind.DELETED, room, null, null, 0);
  }

  /** This change followed by a new head count: a room created in the same batch stays a creation. */
  LobbyChange withMembers(int count) {
    return switch (kind) {
      case CREATED -> created(room, name, owner, count);
      case MEMBERS -> members(room, count);
      case DELETED -> this;
    };
  }
}
