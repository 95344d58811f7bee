package dev.socketchat.standalone;

import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Reads the headers of the frames one client sends and refuses, before any of their payload is buffered, a frame or
 * fragmented message that announces more than the limit (1009) and a frame that breaks RFC 6455 at the header: not
 * masked, or a control frame over 125 bytes (1002).
 *
 * <p>Tyrus reads a frame's whole payload before it looks at its size and never checks the mask bit; this guard sits
 * in front of it on the standalone runner, one per connection, fed the bytes in the order they arrive.
 */
final class FrameGuard {
  /** Why a connection is refused: the close code and the reason sent with it. */
  record Refusal(int code, String reason) {}

  private static final int MAX_HEADER = 14;
  private static final int CLOSE = 8;
  private static final int PING = 9;

  private final long limit;
  private final byte[] header = new byte[MAX_HEADER];
  private int headerFill;
  /** Payload bytes of the current frame still to come; the guard skips them. */
  private long payloadLeft;
  /** Payload bytes announced so far by the fragments of the data message in progress. */
  private long messageBytes;
  private Refusal refusal;
  /** Whether the frame whose payload is being skipped is a close frame. */
  private boolean inClose;
  /** Whether it is a ping that passed the checks, which the container answers without telling the endpoint. */
  private boolean inPing;
  private volatile boolean peerClosed;
  private volatile long pingedAt;

  FrameGuard(long limit) {
    if (limit <= 0) {
      throw new IllegalArgumentException("the frame limit must be positive");
    }
    this.limit = limit;
  }

  /** The refusal, once a frame was refused; every later byte of the connection is to be dropped. */
  Optional<Refusal> refusal() {
    return Optional.ofNullable(refusal);
  }

  /** Refuses every later byte of the connection for a cause other than a frame, unless a frame was refused first. */
  void refuse(Refusal cause) {
    if (refusal == null) {
      refusal = cause;
    }
  }

  /**
   * Reads {@code bytes} from its position to its limit without moving either, and answers how many of them may go
   * on to the WebSocket parser: all of them, or those before the header of the first frame refused. After a refusal
   * the guard still follows the frames (none passes), so it knows when the peer's close frame has come.
   */
  int admit(ByteBuffer bytes) {
    if (refusal != null) {
      discard(bytes);
      return 0;
    }
    return scan(bytes, true);
  }

  /**
   * Follows bytes that go to nobody (those after the server's close frame) from their position to their limit,
   * without moving either, and without checking them: only to tell when the peer's close frame has come in full.
   */
  void discard(ByteBuffer bytes) {
    scan(bytes, false);
  }

  /** Whether a close frame of the peer has come in full, whether it was admitted or discarded. */
  boolean peerClosed() {
    return peerClosed;
  }

  /** When ({@link System#nanoTime}) the peer's last admitted ping came in full; 0 before the first. */
  long pingedAt() {
    return pingedAt;
  }

  private int scan(ByteBuffer bytes, boolean checking) {
    int start = bytes.position();
    int end = bytes.limit();
    int i = start;
    int frameStart = start;
    int admitted = end - start;
    boolean check = checking;
    while (i < end) {
      if (payloadLeft > 0) {
        long skip = Math.min(payloadLeft, end - i);
        payloadLeft -= skip;
        i += (int) skip;
        peerClosed |= payloadLeft == 0 && inClose;
        if (payloadLeft == 0 && inPing) {
          pingedAt = System.nanoTime();
        }
        continue;
      }
      if (headerFill == 0) {
        frameStart = i;
      }
      header[headerFill++] = bytes.get(i++);
      if (headerFill < 2 || headerFill < headerLength()) {
        continue;
      }
      headerFill = 0;
      Refusal found = check ? check() : null;
      long length = payloadLength();
      payloadLeft = length < 0 ? Long.MAX_VALUE : length;
      inClose = (header[0] & 0x0f) == CLOSE;
      peerClosed |= inClose && payloadLeft == 0;
      if (found != null) {
        refusal = found;
        admitted = Math.max(0, frameStart - start);
        check = false;
      }
      inPing = check && (header[0] & 0x0f) == PING;
      if (inPing && payloadLeft == 0) {
        pingedAt = System.nanoTime();
      }
    }
    return admitted;
  }

  /** The length of the header being read, known once its first two bytes are. */
  private int headerLength() {
    int lengthCode = header[1] & 0x7f;
    int extended = lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0;
    int mask = (header[1] & 0x80) != 0 ? 4 : 0;
    return 2 + extended + mask;
  }

  /** Checks a complete header; null when the frame may pass. */
  private Refusal check() {
    if ((header[1] & 0x80) == 0) {
      return new Refusal(1002, "client frames must be masked");
    }
    int opcode = header[0] & 0x0f;
    boolean fin = (header[0] & 0x80) != 0;
    long length = payloadLength();
    if (opcode >= 8) {
      if ((header[1] & 0x7f) > 125 || !fin) {
        return new Refusal(1002, "control frames carry at most 125 bytes and are never fragmented");
      }
    } else {
      // a continuation adds to the message in progress; any other data frame starts one
      messageBytes = opcode == 0 ? messageBytes + length : length;
      if (length < 0 || messageBytes < 0 || messageBytes > limit) {
        return new Refusal(1009, "messages are limited to " + limit + " bytes");
      }
      if (fin) {
        messageBytes = 0;
      }
    }
    return null;
  }

  /** The payload length of a complete header; negative when a 64-bit length has its top bit set. */
  private long payloadLength() {
    int lengthCode = header[1] & 0x7f;
    if (lengthCode < 126) {
      return lengthCode;
    }
    int bytes = lengthCode == 126 ? 2 : 8;
    long length = 0;
    for (int k = 0; k < bytes; k++) {
      length = (length << 8) | (header[2 + k] & 0xff);
    }
    return length;
  }
}
