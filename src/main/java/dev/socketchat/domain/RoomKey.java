package dev.socketchat.domain;

/** The site's key for an open room (Socket.IO rooms): 1 to 64 code points, one line. */
public record RoomKey(String value) implements RoomRef {
  public static final int MAX_CODE_POINTS = 64;
  private static final TextRule RULE = TextRule.name("room", MAX_CODE_POINTS, Reason.BAD_ROOM_KEY);

  public RoomKey {
    value = RULE.check(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
