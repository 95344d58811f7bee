package dev.socketchat.socketio;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/** The body of a long-polling request or response: packets joined by the record separator, binary as {@code b}+base64. */
final class PollingPayload {
  static final char SEPARATOR = '\u001e';

  private PollingPayload() {}

  static String encode(List<EnginePacket> packets) {
    StringBuilder body = new StringBuilder();
    for (EnginePacket packet : packets) {
      if (body.length() > 0) {
        body.append(SEPARATOR);
      }
      if (packet.isBinary()) {
        body.append('b').append(Base64.getEncoder().encodeToString(packet.bytes()));
      } else {
        body.append(packet.wire());
      }
    }
    return body.toString();
  }

  /**
   * The text of a request body.
   *
   * @throws ProtocolViolation when it is not UTF-8 (as a WebSocket text frame that is not UTF-8 closes with 1007)
   */
  static String text(byte[] body) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new ProtocolViolation("the body is not UTF-8");
    }
  }

  /**
   * Reads every packet of a request body.
   *
   * @throws ProtocolViolation when a part is not a packet or not valid base64
   */
  static List<EnginePacket> decode(String body) {
    List<EnginePacket> packets = new ArrayList<>();
    each(body, packets::add);
    return packets;
  }

  /**
   * Hands the packets of a request body to {@code handler} one at a time, as they are read, until it returns false: a
   * body of many small packets never holds more than one of them (a megabyte of no-ops is half a million packets).
   * Those before a part that is no packet are handled, as the reference server does.
   *
   * @return whether the handler took every packet
   * @throws ProtocolViolation when a part is not a packet or not valid base64
   */
  static boolean each(String body, Predicate<EnginePacket> handler) {
    int start = 0;
    while (start <= body.length()) {
      int end = body.indexOf(SEPARATOR, start);
      if (end < 0) {
        end = body.length();
      }
      if (!handler.test(EnginePacket.parse(body.substring(start, end)))) {
        return false;
      }
      start = end + 1;
    }
    return true;
  }
}
