package dev.socketchat.socketio;

import java.util.Optional;

/**
 * What the server's Socket.IO decoder makes of a packet's text, for tests outside this package that must tell a
 * packet the server takes from one that breaks the protocol.
 *
 * @param type the packet type as on the wire ({@code EVENT}, {@code CONNECT}, ...)
 * @param namespace its namespace
 * @param ackId the ack id it asks for, or null
 * @param attachments how many binary attachments it announces
 */
public record DecodedPacket(String type, String namespace, Long ackId, int attachments) {

  /** The packet as the server decodes it, or empty when the server takes it for a protocol violation. */
  public static Optional<DecodedPacket> decode(String text) {
    try {
      SocketIoPacket packet = SocketIoCodec.decode(text);
      return Optional.of(
          new DecodedPacket(packet.type().name(), packet.namespace(), packet.id(), packet.attachments()));
    } catch (ProtocolViolation violation) {
      return Optional.empty();
    }
  }

  /** Whether it is a plain event on the default namespace that asks for an ack, which the server must answer. */
  public boolean asksForAck() {
    return type.equals("EVENT") && namespace.equals("/") && ackId != null;
  }

  /**
   * Whether it changes the session's state so that the packets after it may break the protocol: connecting to or
   * leaving a namespace, another namespace, or attachments still to come.
   */
  public boolean changesState() {
    return !(type.equals("EVENT") || type.equals("ACK")) || !namespace.equals("/") || attachments > 0;
  }
}
