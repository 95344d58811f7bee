package dev.socketchat.logging;

/** Text a client or a site's token chose, made safe for a log line: what could break or forge a line, escaped. */
public final class LogText {
  private LogText() {}

  /**
   * The text in quotes, with line breaks, other control and format characters (a right-to-left override, a tag
   * character, say) and lone surrogates written as {@code \\uXXXX}: one log line stays one line and reads as what it is.
   */
  public static String quoted(String text) {
    StringBuilder safe = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); ) {
      int point = text.codePointAt(i);
      int width = Character.charCount(point);
      int type = Character.getType(point);
      if (point == '"' || point == '\\') {
        safe.append('\\').append((char) point);
      } else if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || type == Character.SURROGATE) { // a lone one: a pair reads as its code point
        for (int unit = i; unit < i + width; unit++) {
          safe.append(String.format("\\u%04x", (int) text.charAt(unit)));
        }
      } else {
        safe.appendCodePoint(point);
      }
      i += width;
    }
    return safe.append('"').toString();
  }
}
