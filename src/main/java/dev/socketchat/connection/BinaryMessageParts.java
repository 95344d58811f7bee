package dev.socketchat.connection;

import java.io.ByteArrayOutputStream;

/**
 * The parts of a connection's binary messages, as its container hands them over, joined up to a limit in bytes; the
 * Socket.IO endpoint takes binary messages in parts because Undertow 2.3.23 (WildFly 39), buffering a whole one past a
 * large limit, at times stopped reading the connection instead of closing it. Not thread-safe: the container hands one
 * connection's parts over one at a time.
 */
public final class BinaryMessageParts {
  private final MessageSize size;
  private ByteArrayOutputStream joined; // null until a message comes in more than one part

  /** Parts of messages of at most {@code limit} bytes. */
  public BinaryMessageParts(int limit) {
    this.size = new MessageSize(limit);
  }

  /**
   * Adds the next part of the message; answers the whole message when this was its last part and it kept within the
   * limit, and null otherwise. Once a message goes over, its parts are dropped as they come.
   */
  public byte[] add(byte[] part, boolean last) {
    if (!size.add(part.length, last)) {
      joined = null;
      return null;
    }
    if (joined == null) {
      if (last) {
        return part;
      }
      joined = new ByteArrayOutputStream(part.length * 2);
    }
    joined.writeBytes(part);
    if (!last) {
      return null;
    }
    byte[] whole = joined.toByteArray();
    joined = null;
    return whole;
  }

  /** Whether the message the last part belonged to has gone over the limit. */
  public boolean over() {
    return size.over();
  }
}
