package dev.socketchat.domain;

import java.util.List;
import java.util.Objects;

/** What a client asks of a resume, and what it gets: the rooms it was in, and which of them it caught up on. */
public final class SessionResume {
  private SessionResume() {}

  /** A room the client was in, with the number of the last event it received there. */
  public record Mark(RoomId room, long seq) {
    public Mark {
      Objects.requireNonNull(room, "room");
    }
  }

  /** How a room came through the resume: caught up on ({@code refused} null), or why not. */
  public record Outcome(RoomId room, Reason refused) {
    public Outcome {
      Objects.requireNonNull(room, "room");
    }

    public boolean recovered() {
      return refused == null;
    }
  }

  /** The resumed session: its token, the name it speaks as, and each asked room's outcome, in the order asked. */
  public record Result(String session, Nickname name, List<Outcome> rooms) {
    public Result {
      Objects.requireNonNull(session, "session");
      Objects.requireNonNull(name, "name");
      rooms = List.copyOf(rooms);
    }
  }
}
