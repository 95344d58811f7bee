package dev.socketchat.socketio;

import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * One Socket.IO packet as decoded: its type, namespace, ack id (null when none), JSON payload (null when none) and,
 * for binary packets, how many attachments follow it.
 */
record SocketIoPacket(Type type, String namespace, Long id, JsonValue data, int attachments) {

  /** The Socket.IO packet types; the ordinal is the digit on the wire. */
  enum Type {
    CONNECT,
    DISCONNECT,
    EVENT,
    ACK,
    CONNECT_ERROR,
    BINARY_EVENT,
    BINARY_ACK
  }

  SocketIoPacket {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
  }
}
