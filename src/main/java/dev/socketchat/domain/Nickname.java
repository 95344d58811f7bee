package dev.socketchat.domain;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A user's name as others see it: 1 to 10 code points, one line, nothing invisible; unique within a room by its
 * {@link #key()}.
 */
public record Nickname(String value) {
  public static final int MAX_CODE_POINTS = 10;
  private static final TextRule RULE = new TextRule("userName", MAX_CODE_POINTS, true, Reason.BAD_USER_NAME);

  public Nickname {
    value = RULE.check(value);
  }

  /**
   * The form two names are compared in within a room: compatibility-normalised (NFKC: full-width letters, ligatures
   * and no-break spaces become their plain forms) and case-folded, so names that look alike are the same name.
   */
  public String key() {
    String compatible = Normalizer.normalize(value, Normalizer.Form.NFKC);
    return Normalizer.normalize(compatible.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT), Normalizer.Form.NFKC);
  }

  @Override
  public String toString() {
    return value;
  }
}
