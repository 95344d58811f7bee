package dev.socketchat.domain;

/** The number of an owned room: positive, unique and never reused while the engine runs. */
public record RoomId(int value) implements RoomRef {
  public RoomId {
    if (value <= 0) {
      throw new Refusal(Reason.BAD_ROOM_ID, "roomID must be a positive integer, not " + value);
    }
  }

  @Override
  public String toString() {
    return Integer.toString(value);
  }
}
