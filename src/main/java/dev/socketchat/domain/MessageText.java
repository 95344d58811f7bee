package dev.socketchat.domain;

/** The text of one chat message: 1 to 128 code points; line breaks and tabs allowed, other control characters not. */
public record MessageText(String value) {
  public static final int MAX_CODE_POINTS = 128;
  private static final TextRule RULE = TextRule.message("message", MAX_CODE_POINTS, Reason.BAD_MESSAGE);

  public MessageText {
    value = RULE.check(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
