package dev.socketchat.domain;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A user's name as others see it: 1 to 10 code points, one line, nothing invisible; unique within a room by its
 * {@link #key()}.
 */
public record Nickname(String value) {
  public static final int MAX_CODE_POINTS = 10;
  private static final char DOTLESS_I = '\u0131';
  private static final String CAPITAL_SHARP_S = "\u1e9e";
  private static final TextRule RULE = TextRule.name("userName", MAX_CODE_POINTS, Reason.BAD_USER_NAME);

  public Nickname {
    value = RULE.check(value);
  }

  /**
   * The form two names are compared in within a room: compatibility-normalised (NFKC: full-width letters, ligatures
   * and no-break spaces become their plain forms), case-folded, and every run of white space of any kind (the Ogham
   * space mark too, which NFKC keeps) one plain space, so names that look alike are the same name.
   */
  public String key() {
    String compatible = Normalizer.normalize(value, Normalizer.Form.NFKC);
    String folded = Normalizer.normalize(caseFolded(compatible), Normalizer.Form.NFKC);
    StringBuilder key = new StringBuilder(folded.length());
    for (int i = 0; i < folded.length(); i++) {
      char c = folded.charAt(i);
      if (!TextRule.space(c)) {
        key.append(c);
      } else if (key.length() > 0 && key.charAt(key.length() - 1) != ' ') {
        key.append(' ');
      }
    }
    return TextRule.trim(key.toString());
  }

  /**
   * Text that two names share exactly when Unicode's full case folding makes them equal: upper- then lower-casing, which
   * folds every character alike but two (and writes a final sigma as ς where folding writes σ, for every name alike):
   * the dotless ı stays itself (upper-casing makes it an I, which would make {@code alıce} the same name as
   * {@code alice}), and the capital ẞ becomes {@code ss}, as ß does (lower-casing makes it ß, which upper-casing had
   * already made SS).
   */
  private static String caseFolded(String text) {
    StringBuilder folded = new StringBuilder(text.length());
    int from = 0;
    while (true) {
      int dotless = text.indexOf(DOTLESS_I, from);
      String part = text.substring(from, dotless < 0 ? text.length() : dotless).replace(CAPITAL_SHARP_S, "ss");
      folded.append(part.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT));
      if (dotless < 0) {
        return folded.toString();
      }
      folded.append(DOTLESS_I);
      from = dotless + 1;
    }
  }

  @Override
  public String toString() {
    return value;
  }
}
