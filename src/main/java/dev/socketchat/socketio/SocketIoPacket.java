package dev.socketchat.socketio;

import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * One Socket.IO packet as decoded: its type, namespace, ack id (null when none), JSON payload (null when none) and,
 * for binary packets, how many attachments follow it.
 */
record SocketIoPacket(Type type, String namespace, Long id, JsonValue data, int attachments) {

  /** The Socket.IO packet types, each with its digit on the wire. */
  enum Type {
    CONNECT('0'),
    DISCONNECT('1'),
    EVENT('2'),
    ACK('3'),
    CONNECT_ERROR('4'),
    BINARY_EVENT('5'),
    BINARY_ACK('6');

    private final char digit;

    Type(char digit) {
      this.digit = digit;
    }

    /** The digit on the wire. */
    char digit() {
      return digit;
    }

    /** The type whose wire digit this is, or null. */
    static Type of(char digit) {
      for (Type type : values()) {
        if (type.digit == digit) {
          return type;
        }
      }
      return null;
    }
  }

  SocketIoPacket {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(namespace, "namespace");
  }
}
