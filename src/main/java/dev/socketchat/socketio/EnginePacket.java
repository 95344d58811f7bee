package dev.socketchat.socketio;

import java.util.Base64;
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

  static final EnginePacket PING = of(Type.PING, "");
  static final EnginePacket PONG_PROBE = of(Type.PONG, "probe");
  static final EnginePacket NOOP = of(Type.NOOP, "");
  static final EnginePacket CLOSE = of(Type.CLOSE, "");

  private final Type type;
  private final String wire;
  private final byte[] binary;

  /** A text packet as its wire form (the payload is kept only there: a logged broadcast holds its text once). */
  private EnginePacket(Type type, String wire, byte[] binary) {
    this.type = type;
    this.wire = wire;
    this.binary = binary;
  }

  /** A text packet of the given type. */
  static EnginePacket of(Type type, String data) {
    Objects.requireNonNull(data, "data");
    return new EnginePacket(type, Objects.requireNonNull(type, "type").digit + data, null);
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
   * Reads one packet as it arrives in a WebSocket text frame or a polling payload: a type digit and its payload, or
   * {@code b} and a binary message in base64 (how polling carries binary, and how a client with {@code forceBase64}
   * sends it over WebSocket too, which the reference server reads alike). The base64 may be broken into lines, as
   * socket.io-client-java's is (a line break every 76 characters and one at the end), which Node's decoder of the
   * reference server skips too.
   *
   * @throws ProtocolViolation when it does not start with a packet type or is not valid base64
   */
  static EnginePacket parse(String text) {
    if (text.startsWith("b")) {
      try {
        return binary(Base64.getDecoder().decode(withoutLineBreaks(text.substring(1))));
      } catch (IllegalArgumentException e) {
        throw new ProtocolViolation("a binary packet is not valid base64");
      }
    }
    if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
      throw new ProtocolViolation("not an Engine.IO packet");
    }
    return new EnginePacket(Type.of(text.charAt(0)), text, null);
  }

  /** The base64 without its line breaks (CR and LF), which the strict decoder refuses. */
  private static String withoutLineBreaks(String base64) {
    if (base64.indexOf('\n') < 0 && base64.indexOf('\r') < 0) {
      return base64;
    }
    StringBuilder joined = new StringBuilder(base64.length());
    for (int i = 0; i < base64.length(); i++) {
      char c = base64.charAt(i);
      if (c != '\n' && c != '\r') {
        joined.append(c);
      }
    }
    return joined.toString();
  }

  public Type type() {
    return type;
  }

  /** The text payload (cut from the wire form on each call); null for a binary message. */
  public String data() {
    return binary == null ? wire.substring(1) : null;
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
    return binary == null ? type + " " + data() : "binary " + binary.length + " bytes";
  }
}
