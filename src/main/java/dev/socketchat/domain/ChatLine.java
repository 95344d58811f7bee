package dev.socketchat.domain;

import java.time.Instant;
import java.util.Objects;

/** One chat message as a room's history keeps it: its event number, who said it, what, and when. */
public record ChatLine(long seq, Nickname name, MessageText text, Instant time) {
  public ChatLine {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(time, "time");
  }
}
