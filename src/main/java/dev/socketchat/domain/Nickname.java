package dev.socketchat.domain;

/** A user's name as others see it: 1 to 10 code points, one line, unique within a room. */
public record Nickname(String value) {
  public static final int MAX_CODE_POINTS = 10;
  private static final TextRule RULE = new TextRule("userName", MAX_CODE_POINTS, true, Reason.BAD_USER_NAME);

  public Nickname {
    value = RULE.check(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
