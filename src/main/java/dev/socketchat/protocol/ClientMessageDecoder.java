package dev.socketchat.protocol;

import dev.socketchat.config.Settings;
import jakarta.websocket.Decoder;

/** The JSON-B decoder of the {@code /chat} endpoint: every text frame becomes a {@link ClientMessage}. */
public final class ClientMessageDecoder implements Decoder.Text<ClientMessage> {

  @Override
  public ClientMessage decode(String frame) {
    return tooBig(frame) ? new ClientMessage.Oversized(Settings.MAX_FRAME_BYTES) : ClientMessageReader.read(frame);
  }

  /** Every frame is decoded: unreadable ones become messages that are answered, not errors. */
  @Override
  public boolean willDecode(String frame) {
    return true;
  }

  /** Whether the frame's UTF-8 encoding is over the limit, without encoding it: a char takes 1 to 3 bytes. */
  static boolean tooBig(String frame) {
    if (frame.length() > Settings.MAX_FRAME_BYTES) {
      return true;
    }
    if (frame.length() * 3L <= Settings.MAX_FRAME_BYTES) {
      return false;
    }
    long bytes = 0;
    for (int i = 0; i < frame.length(); i++) {
      char c = frame.charAt(i);
      bytes += c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }
    return bytes > Settings.MAX_FRAME_BYTES;
  }
}
