package dev.socketchat.socketio;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One event a client emitted: its name, its arguments (binary ones as placeholders, their bytes in {@link
 * #attachments()}), and the ack the client waits for, if it asked for one.
 */
public final class SocketEvent {
  private final SocketIoSocket socket;
  private final String name;
  private final JsonArray args;
  private final List<byte[]> attachments;
  private final Long ackId;
  private final AtomicBoolean acked = new AtomicBoolean();

  SocketEvent(SocketIoSocket socket, String name, JsonArray args, List<byte[]> attachments, Long ackId) {
    this.socket = Objects.requireNonNull(socket, "socket");
    this.name = Objects.requireNonNull(name, "name");
    this.args = Objects.requireNonNull(args, "args");
    this.attachments = List.copyOf(attachments);
    this.ackId = ackId;
  }

  public String name() {
    return name;
  }

  /** The arguments after the event name. */
  public JsonArray args() {
    return args;
  }

  /** The first argument, or null when there is none. */
  public JsonValue firstArg() {
    return args.isEmpty() ? null : args.get(0);
  }

  /** The binary attachments, in placeholder order; empty for a plain event. */
  public List<byte[]> attachments() {
    return attachments;
  }

  /** Whether the client asked for an ack. */
  public boolean wantsAck() {
    return ackId != null;
  }

  /** Answers the ack with the given arguments; only the first answer is sent, and none if no ack was asked for. */
  public void ack(JsonValue... values) {
    JsonArrayBuilder data = SharedJson.get().createArrayBuilder();
    for (JsonValue value : values) {
      data.add(value);
    }
    ack(data.build(), List.of());
  }

  /** Answers the ack with arguments that may hold attachment placeholders. */
  public void ack(JsonArray values, List<byte[]> binary) {
    if (ackId != null && acked.compareAndSet(false, true)) {
      socket.send(
          SocketIoCodec.withAttachments(SocketIoPacket.Type.ACK, socket.namespace(), ackId, values, binary));
    }
  }
}
