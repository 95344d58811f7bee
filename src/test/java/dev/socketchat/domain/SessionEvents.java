package dev.socketchat.domain;

import dev.socketchat.domain.RoomEvent.ChatPosted;
import java.time.Instant;

/** Room events for the session tests: numbered chat in a given room. */
final class SessionEvents {
  private SessionEvents() {}

  /** A chat message by kim, numbered {@code seq} (0: an open room's unnumbered one). */
  static ChatPosted chat(RoomRef room, long seq) {
    return new ChatPosted(
        room,
        new Nickname("kim"),
        new MessageText("m" + seq),
        2,
        Instant.EPOCH,
        Origin.of(new ConnectionId("n:1")),
        seq);
  }
}
