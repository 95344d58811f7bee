package dev.socketchat.domain;

import java.util.List;
import java.util.Set;

/**
 * How a kick bans a member from a room, as entries of the room's ban list: always its connection, and then its
 * signed-in subject, or, for a guest, its nickname (by {@link Nickname#key()}). A signed-in user is refused for its
 * subject only: a name ban is for guests, whose name is all they are. The Redis scripts keep the same entries.
 */
public final class Bans {
  private Bans() {}

  /** The entries a kick of this member adds to the room's ban list. */
  public static List<String> of(Member member) {
    String who = member.subject() != null ? "s:" + member.subject() : "n:" + member.name().key();
    return List.of("c:" + member.connection().value(), who);
  }

  /** Whether a room with these ban entries refuses this member. */
  public static boolean refuse(Set<String> bans, Member member) {
    if (bans.isEmpty()) {
      return false;
    }
    if (bans.contains("c:" + member.connection().value())) {
      return true;
    }
    return member.subject() != null
        ? bans.contains("s:" + member.subject())
        : bans.contains("n:" + member.name().key());
  }

  /** The refusal a banned member gets (an open room's key in quotes, as the cluster's scripts write it). */
  static Refusal banned(RoomRef room) {
    String named = room instanceof RoomKey key ? "\"" + key.value() + "\"" : room.toString();
    return new Refusal(Reason.BANNED, "you were removed from room " + named + " and may not come back while it exists");
  }
}
