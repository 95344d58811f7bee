package dev.socketchat.socketio;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

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
   * Reads every packet of a request body.
   *
   * @throws ProtocolViolation when a part is not a packet or not valid base64
   */
  static List<EnginePacket> decode(String body) {
    List<EnginePacket> packets = new ArrayList<>();
    int start = 0;
    while (start <= body.length()) {
      int end = body.indexOf(SEPARATOR, start);
      if (end < 0) {
        end = body.length();
      }
      String part = body.substring(start, end);
      if (part.startsWith("b")) {
        try {
          packets.add(EnginePacket.binary(Base64.getDecoder().decode(part.substring(1))));
        } catch (IllegalArgumentException e) {
          throw new ProtocolViolation("a binary packet is not valid base64");
        }
      } else {
        packets.add(EnginePacket.parse(part));
      }
      start = end + 1;
    }
    return packets;
  }
}
