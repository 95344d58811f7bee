package dev.socketchat.domain;

import java.text.Normalizer;

/** Checks a user-supplied text against a length limit in code points and the rules every text obeys. */
final class TextRule {
  private final int maxCodePoints;
  private final boolean singleLine;
  private final Reason reason;
  private final String what;

  TextRule(String what, int maxCodePoints, boolean singleLine, Reason reason) {
    this.what = what;
    this.maxCodePoints = maxCodePoints;
    this.singleLine = singleLine;
    this.reason = reason;
  }

  /**
   * Returns the value in the form it is stored and compared in (NFC; names also trimmed), or refuses it.
   *
   * @throws Refusal when the value is missing, blank, made only of control characters, malformed UTF-16, contains a
   *     control character where only a single line is allowed, or is longer than the limit
   */
  String check(String value) {
    if (value == null) {
      throw refuse("is required");
    }
    String normal = Normalizer.normalize(singleLine ? value.strip() : value, Normalizer.Form.NFC);
    boolean visible = false;
    for (int i = 0; i < normal.length(); i++) {
      char c = normal.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < normal.length() && Character.isLowSurrogate(normal.charAt(i + 1))) {
          i++;
          visible = true;
          continue;
        }
        throw refuse("contains a broken character (unpaired surrogate)");
      }
      if (Character.isISOControl(c)) {
        if (singleLine || (c != '\n' && c != '\t' && c != '\r')) {
          throw refuse("must not contain control characters");
        }
      } else if (!Character.isWhitespace(c) && !Character.isSpaceChar(c)) {
        visible = true;
      }
    }
    if (!visible) {
      throw refuse("must not be empty or blank");
    }
    int length = normal.codePointCount(0, normal.length());
    if (length > maxCodePoints) {
      throw refuse("must be 1 to " + maxCodePoints + " characters, not " + length);
    }
    return normal;
  }

  private Refusal refuse(String problem) {
    return new Refusal(reason, what + " " + problem);
  }
}
