package dev.socketchat.protocol;

import jakarta.websocket.Encoder;

/** The JSON-B encoder of the {@code /chat} endpoint: a {@link ServerMessage} as a text frame. */
public final class ServerMessageEncoder implements Encoder.Text<ServerMessage> {

  @Override
  public String encode(ServerMessage message) {
    return ChatReplies.encode(message);
  }
}
