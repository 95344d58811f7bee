package dev.socketchat.logging;

/** Text a client or a site's token chose, made safe for a log line: what could break or forge a line, escaped. */
public final class LogText {
  private LogText() {}

  /**
   * The text in quotes, with line breaks, other control and format characters (a right-to-left override, a tag
   * character, say) and lone surrogates written as {@code \\uXXXX}: one log line stays one line and reads as what it is.
   * No text ({@code null}: Tomcat's close reason without a phrase) is the empty one.
   */
  public static String quoted(String text) {
    return quoted(text, Integer.MAX_VALUE);
  }

  /**
   * As {@link #quoted(String)}, the text cut to its first {@code max} characters and an ellipsis (never between the
   * halves of a surrogate pair), so that no client makes a line without end.
   */
  public static String quoted(String text, int max) {
    if (text == null) {
      return "\"\"";
    }
    String cut = text;
    if (text.length() > max) {
      int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
      cut = text.substring(0, end) + "…";
    }
    StringBuilder safe = new StringBuilder(cut.length() + 2).append('"');
    for (int i = 0; i < cut.length(); ) {
      int point = cut.codePointAt(i);
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
          safe.append(String.format("\\u%04x", (int) cut.charAt(unit)));
        }
      } else {
        safe.appendCodePoint(point);
      }
      i += width;
    }
    return safe.append('"').toString();
  }
}
