package dev.socketchat.protocol;

import jakarta.websocket.Decoder;

/** The JSON-B decoder of the {@code /chat} endpoint: every text frame becomes a {@link ClientMessage}. */
public final class ClientMessageDecoder implements Decoder.Text<ClientMessage> {

  @Override
  public ClientMessage decode(String frame) {
    return ClientMessageReader.read(frame);
  }

  /** Every frame is decoded: unreadable ones become messages that are answered, not errors. */
  @Override
  public boolean willDecode(String frame) {
    return true;
  }
}
