package dev.socketchat.connection;

/**
 * The parts of a connection's text messages, as its container hands them over, joined up to a limit in UTF-8 bytes;
 * the endpoints take text in parts so that a container which reads a whole message before it checks the message's
 * size (Undertow 2.3.23, in WildFly 39) cannot be made to buffer more than the limit. Not thread-safe: the container
 * hands one connection's parts over one at a time.
 */
public final class TextMessageParts {
  private final MessageSize size;
  private StringBuilder joined; // null until a message comes in more than one part

  /** Parts of messages of at most {@code limit} bytes of UTF-8. */
  public TextMessageParts(int limit) {
    this.size = new MessageSize(limit);
  }

  /**
   * Adds the next part of the message; answers the whole message when this was its last part and it kept within the
   * limit, and null otherwise (no wrapper: this runs for every message). Once a message goes over, its parts are
   * dropped as they come.
   */
  public String add(String part, boolean last) {
    // a whole message of at most a third of the limit in chars is within it whatever its chars: not counted
    boolean small = joined == null && last && part.length() * 3L <= size.limit();
    if (!size.add(small ? 0 : utf8Bytes(part), last)) {
      joined = null;
      return null;
    }
    if (joined == null) {
      if (last) {
        return part;
      }
      joined = new StringBuilder(part);
      return null;
    }
    joined.append(part);
    if (!last) {
      return null;
    }
    String whole = joined.toString();
    joined = null;
    return whole;
  }

  /** Whether the message the last part belonged to has gone over the limit. */
  public boolean over() {
    return size.over();
  }

  /** The UTF-8 length of text without encoding it: a char takes 1 to 3 bytes, a surrogate pair 4. */
  static long utf8Bytes(String text) {
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes;
  }
}
