package dev.socketchat.domain;

import java.util.Objects;

/**
 * What a kick did: the name of the member it removed (as the room knew it, whatever case or width the kicker typed),
 * and whether the kicker was in the room then, so that the kick reached it as one of the members.
 */
public record KickOutcome(Nickname removed, boolean kickerInRoom) {
  public KickOutcome {
    Objects.requireNonNull(removed, "removed");
  }
}
