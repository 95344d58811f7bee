package dev.socketchat.socketio;

import java.util.Objects;

/**
 * One Engine.IO packet: a type and, for text packets, a payload; or a binary message. Its text form on the wire (the
 * type digit then the payload) is computed once, so a packet broadcast to many sessions is encoded once.
 */
public final class EnginePacket {
  /** The Engine.IO packet types, each with its digit on the wire. */
  public enum Type {
    OPEN('0'),
    CLOSE('1'),
    PING('2'),
    PONG('3'),
    MESSAGE('4'),
    UPGRADE('5'),
    NOOP('6');

    private final char digit;

    Type(char digit) {
      this.digit = digit;
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

  static final EnginePacket PING = new EnginePacket(Type.PING, "", null);
  static final EnginePacket PONG_PROBE = new EnginePacket(Type.PONG, "probe", null);
  static final EnginePacket NOOP = new EnginePacket(Type.NOOP, "", null);
  static final EnginePacket CLOSE = new EnginePacket(Type.CLOSE, "", null);

  private final Type type;
  private final String data;
  private final byte[] binary;
  private final String wire;

  private EnginePacket(Type type, String data, byte[] binary) {
    this.type = type;
    this.data = data;
    this.binary = binary;
    this.wire = binary == null ? type.digit + data : null;
  }

  /** A text packet of the given type. */
  static EnginePacket of(Type type, String data) {
    return new EnginePacket(Objects.requireNonNull(type, "type"), Objects.requireNonNull(data, "data"), null);
  }

  /** A text message ({@code 4...}), as every Socket.IO packet travels. */
  public static EnginePacket message(String data) {
    return of(Type.MESSAGE, data);
  }

  /** A binary message (a Socket.IO attachment); the array must not change afterwards. */
  public static EnginePacket binary(byte[] bytes) {
    return new EnginePacket(Type.MESSAGE, null, Objects.requireNonNull(bytes, "bytes"));
  }

  /**
   * Reads one text packet as it arrives in a WebSocket frame or a polling payload.
   *
   * @throws ProtocolViolation when it does not start with a packet type
   */
  static EnginePacket parse(String text) {
    if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
      throw new ProtocolViolation("not an Engine.IO packet");
    }
    return of(Type.of(text.charAt(0)), text.substring(1));
  }

  public Type type() {
    return type;
  }

  /** The text payload; null for a binary message. */
  public String data() {
    return data;
  }

  public boolean isBinary() {
    return binary != null;
  }

  /** The bytes of a binary message (not copied); null for a text packet. */
  byte[] bytes() {
    return binary;
  }

  /** The text packet as sent: type digit, then payload; null for a binary message. */
  String wire() {
    return wire;
  }

  /** How much this packet adds to a backlog: characters of text or bytes of binary. */
  int weight() {
    return binary == null ? wire.length() : binary.length;
  }

  @Override
  public String toString() {
    return binary == null ? type + " " + data : "binary " + binary.length + " bytes";
  }
}
