package dev.socketchat.domain;

/** The display name of an owned room: 1 to 30 code points, one line. */
public record RoomName(String value) {
  public static final int MAX_CODE_POINTS = 30;
  private static final TextRule RULE = TextRule.name("roomName", MAX_CODE_POINTS, Reason.BAD_ROOM_NAME);

  public RoomName {
    value = RULE.check(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
