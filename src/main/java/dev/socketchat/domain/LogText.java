package dev.socketchat.domain;

/** Text a client or a site's token chose, made safe for a log line: what could break or forge a line, escaped. */
public final class LogText {
  private LogText() {}

  /**
   * The text with line breaks, other control and format characters (a right-to-left override, say) and lone surrogates
   * written as {@code \\uXXXX}, in quotes: one log line stays one line and reads as what it is.
   */
  public static String quoted(String text) {
    StringBuilder safe = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean paired =
          (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1)))
              || (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(text.charAt(i - 1)));
      int type = Character.getType(c);
      if (c == '"' || c == '\\') {
        safe.append('\\').append(c);
      } else if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR
          || (Character.isSurrogate(c) && !paired)) {
        safe.append(String.format("\\u%04x", (int) c));
      } else {
        safe.append(c);
      }
    }
    return safe.append('"').toString();
  }
}
