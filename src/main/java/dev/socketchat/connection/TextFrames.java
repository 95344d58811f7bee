package dev.socketchat.connection;

import java.nio.charset.StandardCharsets;

/**
 * Server-to-client WebSocket text frames (RFC 6455 section 5.2: final, unmasked), framed once per text: a broadcast
 * hands the same text to every recipient in turn on one thread, and each gets the bytes framed for the first. The
 * last two texts are kept, as {@code Broadcast} keeps two renderings: a room that mixes wire formats (the two
 * {@code /chat} dialects, Socket.IO) alternates between them in no particular order.
 */
final class TextFrames {
  /** The two texts framed last on this thread and their frames: text, frame, the other text, its frame. */
  private static final ThreadLocal<Object[]> LAST = ThreadLocal.withInitial(() -> new Object[4]);

  private TextFrames() {}

  /** The whole frame that carries {@code text}. */
  static byte[] framed(String text) {
    Object[] last = LAST.get();
    if (last[0] == text) {
      return (byte[]) last[1];
    }
    byte[] frame = last[2] == text ? (byte[]) last[3] : frame(text.getBytes(StandardCharsets.UTF_8));
    last[2] = last[0];
    last[3] = last[1];
    last[0] = text;
    last[1] = frame;
    return frame;
  }

  /** How many bytes of a frame made here are its payload (what a client receives). */
  static int payloadLength(byte[] frame) {
    int length = frame[1] & 0x7f;
    return length == 126 ? frame.length - 4 : length == 127 ? frame.length - 10 : length;
  }

  private static byte[] frame(byte[] payload) {
    int length = payload.length;
    int header = length < 126 ? 2 : length < 65_536 ? 4 : 10;
    byte[] frame = new byte[header + length];
    frame[0] = (byte) 0x81; // FIN, text
    if (length < 126) {
      frame[1] = (byte) length;
    } else if (length < 65_536) {
      frame[1] = 126;
      frame[2] = (byte) (length >>> 8);
      frame[3] = (byte) length;
    } else {
      frame[1] = 127;
      for (int i = 0; i < 8; i++) {
        frame[2 + i] = (byte) ((long) length >>> (56 - 8 * i));
      }
    }
    System.arraycopy(payload, 0, frame, header, length);
    return frame;
  }
}
