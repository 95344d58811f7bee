package dev.socketchat.socketio.chat;

/**
 * A packet's offset across a cluster, read back from a recovering client.
 *
 * <p>The cluster's event number {@code n} gives its last packet {@code 2n} and an entry notice's first (on {@code
 * chatting}) {@code 2n-1}, so every packet has its own offset, counting up, and a client cut between an entry notice's
 * two packets says so.
 *
 * @param packet the offset, as a number
 */
record ClusterOffset(long packet) {
  /** The most digits of an offset read as one: more than any the cluster gives, less than overflow a {@code long}. */
  private static final int MAX_DIGITS = 16;

  /** The offset of the last packet of the cluster's event number {@code number}. */
  static long lastOf(long number) {
    return 2 * number;
  }

  /**
   * The offset a client sent back, or null when it is not one the cluster writes: a decimal number from 1, with no
   * leading zero ({@code "0964"} and {@code "0"} are none).
   */
  static ClusterOffset read(String offset) {
    if (offset == null || offset.length() > MAX_DIGITS || !offset.matches("[1-9][0-9]*")) {
      return null;
    }
    return new ClusterOffset(Long.parseLong(offset));
  }

  /** The number of the last event whose packets the client all got. */
  long through() {
    return packet / 2;
  }

  /** The number of the event whose first packet only the client got (an entry notice's on {@code chatting}), or 0. */
  long cut() {
    return packet % 2 == 1 ? packet / 2 + 1 : 0;
  }
}
