package dev.socketchat.connection;

/**
 * The size of the message a connection's parts are bringing, counted against a limit as the parts come: the rule
 * {@link TextMessageParts}, {@link BinaryMessageParts} and {@code /chat}'s binary refusal share. Once a message goes
 * over, its later parts are over too; the next message starts afresh. Not thread-safe: the container hands one
 * connection's parts over one at a time.
 */
public final class MessageSize {
  private final int limit;
  private long bytes;
  private boolean over;
  private boolean ended = true;

  /** Messages of at most {@code limit} bytes. */
  public MessageSize(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("the limit must be at least 1 byte, not " + limit);
    }
    this.limit = limit;
  }

  /** The limit in bytes. */
  public int limit() {
    return limit;
  }

  /**
   * Counts the next part, of {@code size} bytes; {@code last} when it ends its message. Answers whether the message
   * is still within the limit with it.
   */
  public boolean add(long size, boolean last) {
    if (ended) {
      bytes = 0;
      over = false;
    }
    ended = last;
    if (over) {
      return false;
    }
    bytes += size;
    over = bytes > limit;
    return !over;
  }

  /** Whether the message the last part belonged to has gone over the limit. */
  public boolean over() {
    return over;
  }
}
