package dev.socketchat.domain;

import java.text.Normalizer;

/** Checks a user-supplied text against a length limit in code points and the rules every text obeys. */
final class TextRule {
  /** How many code points one character of NFC stands for at most (U+1FAF is four: Ω and three marks). */
  private static final int COMPOSED_AT_MOST = 4;

  private final int maxCodePoints;
  private final boolean singleLine;
  private final Reason reason;
  private final String what;

  private TextRule(String what, int maxCodePoints, boolean singleLine, Reason reason) {
    this.what = what;
    this.maxCodePoints = maxCodePoints;
    this.singleLine = singleLine;
    this.reason = reason;
  }

  /** The rule of a name: one line, no invisible characters, kept trimmed and in NFC (the form names compare in). */
  static TextRule name(String what, int maxCodePoints, Reason reason) {
    return new TextRule(what, maxCodePoints, true, reason);
  }

  /** The rule of a message: line breaks and tabs allowed, kept exactly as sent (its length counted in NFC). */
  static TextRule message(String what, int maxCodePoints, Reason reason) {
    return new TextRule(what, maxCodePoints, false, reason);
  }

  /**
   * Returns the value in the form it is stored in (a name trimmed and in NFC, a message as sent), or refuses it.
   *
   * @throws Refusal when the value is missing, blank, made only of control and invisible characters and combining marks
   *     (with nothing to combine with), malformed UTF-16,
   *     contains a control character where only a single line is allowed, or is longer than the limit
   */
  String check(String value) {
    if (value == null) {
      throw refuse("is required");
    }
    String given = singleLine ? trim(value) : value;
    if (given.length() > COMPOSED_AT_MOST * maxCodePoints) {
      // a text longer than that is too long whatever NFC makes of it, and normalising it could take long: NFC
      // reorders a run of combining marks in time that grows with the square of the run
      int length = given.codePointCount(0, given.length());
      if (length > COMPOSED_AT_MOST * maxCodePoints) {
        throw refuse("must be 1 to " + maxCodePoints + " characters, not " + length);
      }
    }
    String normal = Normalizer.normalize(given, Normalizer.Form.NFC);
    boolean visible = false;
    for (int i = 0; i < normal.length(); i++) {
      char c = normal.charAt(i);
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < normal.length() && Character.isLowSurrogate(normal.charAt(i + 1))) {
          int codePoint = normal.codePointAt(i);
          if (singleLine && invisible(codePoint)) {
            throw refuse("must not contain invisible or formatting characters");
          }
          i++;
          visible = visible || (!invisible(codePoint) && !mark(codePoint));
          continue;
        }
        throw refuse("contains a broken character (unpaired surrogate)");
      }
      if (Character.isISOControl(c)) {
        if (singleLine || (c != '\n' && c != '\t' && c != '\r')) {
          throw refuse("must not contain control characters");
        }
      } else if (singleLine && invisible(c)) {
        throw refuse("must not contain invisible or formatting characters");
      } else if (!visible && !space(c) && !invisible(c) && !mark(c)) {
        visible = true; // found once, not looked for again
      }
    }
    if (!visible) {
      throw refuse("must not be empty or blank");
    }
    int length = normal.codePointCount(0, normal.length());
    if (length > maxCodePoints) {
      throw refuse("must be 1 to " + maxCodePoints + " characters, not " + length);
    }
    return singleLine ? normal : value;
  }

  /** The text without the white space of any kind (no-break spaces, ideographic space, ...) at either end. */
  static String trim(String text) {
    int start = 0;
    int end = text.length();
    while (start < end && space(text.charAt(start))) {
      start++;
    }
    while (end > start && space(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(start, end);
  }

  /** Whether the character is white space of any kind. */
  static boolean space(char c) {
    return Character.isWhitespace(c) || Character.isSpaceChar(c);
  }

  /**
   * Whether the code point is a combining mark (Unicode's Mn, Mc, Me), made to go with a character before it: a text
   * of nothing else has no character to read (a lone accent shows on nothing; a lone vowel sign, on a dotted circle).
   */
  static boolean mark(int codePoint) {
    int type = Character.getType(codePoint);
    return type == Character.NON_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.COMBINING_SPACING_MARK;
  }

  /**
   * Whether a one-line text (a name, a room's name or key) must refuse the code point, and one that does not count as
   * something to read in a message: format characters (zero-width
   * spaces and joiners, byte order marks, bidirectional controls), line and paragraph separators, and the other
   * default-ignorable code points that show as nothing (the combining grapheme joiner, Hangul fillers, variation
   * selectors, tags), and the braille blank, which shows as a space but is none, so two names never differ by what
   * nobody can see.
   */
  static boolean invisible(int codePoint) {
    int type = Character.getType(codePoint);
    if (type == Character.FORMAT || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR) {
      return true;
    }
    return codePoint == 0x034F // combining grapheme joiner
        || codePoint == 0x115F
        || codePoint == 0x1160
        || codePoint == 0x3164
        || codePoint == 0xFFA0 // Hangul fillers
        || codePoint == 0x2800 // braille pattern blank
        || codePoint == 0x17B4
        || codePoint == 0x17B5 // Khmer inherent vowels
        || (codePoint >= 0x180B && codePoint <= 0x180F) // Mongolian free variation selectors and vowel separator
        || (codePoint >= 0x2060 && codePoint <= 0x206F)
        || (codePoint >= 0xFE00 && codePoint <= 0xFE0F) // variation selectors
        || (codePoint >= 0xFFF0 && codePoint <= 0xFFF8)
        || (codePoint >= 0x1D173 && codePoint <= 0x1D17A)
        || (codePoint >= 0xE0000 && codePoint <= 0xE0FFF); // tags and variation selectors supplement
  }

  private Refusal refuse(String problem) {
    return new Refusal(reason, what + " " + problem);
  }
}
