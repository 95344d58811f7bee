package dev.socketchat.socketio;

import dev.socketchat.protocol.WellFormed;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Socket.IO's default packet encoding, as in {@code socket.io-parser}: {@code <type>[<n>-][<nsp>,][<id>][<json>]},
 * binary attachments as separate Engine.IO messages after the packet, marked in the JSON by placeholders.
 */
public final class SocketIoCodec {
  /** At most this many attachments per packet, as the reference parser allows. */
  static final int MAX_ATTACHMENTS = 10;
  private static final int MAX_ID_DIGITS = 15;
  private static final Set<String> RESERVED_EVENTS =
      Set.of("connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener");
  private static final JsonParserFactory PARSERS = SharedJson.get().createParserFactory(Map.of());

  private SocketIoCodec() {}

  /** An event for every member of a namespace, as one Engine.IO message encoded once: {@code 42[nsp,]["name",...]}. */
  public static EnginePacket event(String namespace, String event, JsonValue... args) {
    JsonArrayBuilder data = SharedJson.get().createArrayBuilder().add(event);
    for (JsonValue arg : args) {
      data.add(arg);
    }
    return EnginePacket.message(encode(SocketIoPacket.Type.EVENT, namespace, null, data.build(), 0));
  }

  /** Encodes one packet's text part (its attachments, if any, follow as binary messages). */
  static String encode(SocketIoPacket.Type type, String namespace, Long id, JsonValue data, int attachments) {
    StringBuilder text = new StringBuilder().append(type.digit());
    if (type == SocketIoPacket.Type.BINARY_EVENT || type == SocketIoPacket.Type.BINARY_ACK) {
      text.append(attachments).append('-');
    }
    if (!"/".equals(namespace)) {
      text.append(namespace).append(',');
    }
    if (id != null) {
      text.append(id);
    }
    if (data != null) {
      text.append(data);
    }
    return text.toString();
  }

  /** The Engine.IO messages of an event or ack with attachments: the packet, then each attachment. */
  static List<EnginePacket> withAttachments(
      SocketIoPacket.Type plain, String namespace, Long id, JsonArray data, List<byte[]> attachments) {
    List<EnginePacket> packets = new ArrayList<>(1 + attachments.size());
    if (attachments.isEmpty()) {
      packets.add(EnginePacket.message(encode(plain, namespace, id, data, 0)));
      return packets;
    }
    SocketIoPacket.Type binary =
        plain == SocketIoPacket.Type.EVENT ? SocketIoPacket.Type.BINARY_EVENT : SocketIoPacket.Type.BINARY_ACK;
    packets.add(EnginePacket.message(encode(binary, namespace, id, data, attachments.size())));
    attachments.forEach(bytes -> packets.add(EnginePacket.binary(bytes)));
    return packets;
  }

  /**
   * Decodes one packet's text part.
   *
   * @throws ProtocolViolation when the packet type, attachment count, ack id or payload is not valid
   */
  static SocketIoPacket decode(String text) {
    if (text.isEmpty() || text.charAt(0) < '0' || text.charAt(0) > '6') {
      throw new ProtocolViolation("unknown Socket.IO packet type");
    }
    SocketIoPacket.Type type = SocketIoPacket.Type.of(text.charAt(0));
    int i = 1;
    int attachments = 0;
    if (type == SocketIoPacket.Type.BINARY_EVENT || type == SocketIoPacket.Type.BINARY_ACK) {
      int dash = text.indexOf('-', i);
      if (dash < 0 || dash == i || dash - i > 2 || !digits(text, i, dash)) {
        throw new ProtocolViolation("illegal attachments");
      }
      attachments = Integer.parseInt(text.substring(i, dash));
      if (attachments > MAX_ATTACHMENTS) {
        throw new ProtocolViolation("too many attachments");
      }
      i = dash + 1;
    }
    String namespace = "/";
    if (i < text.length() && text.charAt(i) == '/') {
      int comma = text.indexOf(',', i);
      int end = comma < 0 ? text.length() : comma;
      namespace = text.substring(i, end);
      if (!WellFormed.text(namespace)) {
        // a CONNECT_ERROR answer names the namespace: half a surrogate pair could not be sent back
        throw new ProtocolViolation("namespace holds a broken character (an unpaired surrogate)");
      }
      i = comma < 0 ? end : end + 1;
    }
    Long id = null;
    int idStart = i;
    while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
      i++;
    }
    if (i > idStart) {
      if (i - idStart > MAX_ID_DIGITS) {
        throw new ProtocolViolation("ack id out of range");
      }
      id = Long.parseLong(text.substring(idStart, i));
    }
    JsonValue data = i < text.length() ? parse(text.substring(i)) : null;
    if (!valid(type, data)) {
      throw new ProtocolViolation("invalid payload for " + type);
    }
    return new SocketIoPacket(type, namespace, id, data, attachments);
  }

  private static boolean valid(SocketIoPacket.Type type, JsonValue data) {
    return switch (type) {
      case CONNECT -> data == null || data.getValueType() == JsonValue.ValueType.OBJECT;
      case DISCONNECT -> data == null;
      case CONNECT_ERROR -> data != null
          && (data.getValueType() == JsonValue.ValueType.OBJECT
              || data.getValueType() == JsonValue.ValueType.STRING);
      case EVENT, BINARY_EVENT -> data instanceof JsonArray array
          && !array.isEmpty()
          && (array.get(0).getValueType() == JsonValue.ValueType.NUMBER
              || (array.get(0).getValueType() == JsonValue.ValueType.STRING
                  && !RESERVED_EVENTS.contains(array.getString(0))));
      case ACK, BINARY_ACK -> data instanceof JsonArray;
    };
  }

  /** One JSON value and nothing after it but whitespace, as {@code JSON.parse} takes it. */
  private static JsonValue parse(String json) {
    try (JsonParser parser = PARSERS.createParser(new StringReader(json))) {
      parser.next();
      JsonValue value = parser.getValue();
      if (parser.hasNext()) {
        throw new ProtocolViolation("payload has more than one JSON value");
      }
      return value;
    } catch (ProtocolViolation violation) {
      throw violation;
    } catch (RuntimeException e) {
      // JsonException, or what a provider throws beyond it (Parsson: too deeply nested)
      throw new ProtocolViolation("payload is not valid JSON");
    }
  }

  private static boolean digits(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) < '0' || text.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
