package dev.socketchat.socketio;

import dev.socketchat.domain.Refusal;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Socket.IO side of one Engine.IO session: decodes packets (joining binary attachments to their packet), connects
 * the client to namespaces, routes each packet to its namespace's socket, and closes the session when a client breaks
 * the protocol or joins no namespace in time.
 */
final class SocketIoConnection implements EngineListener {
  private final EngineSession session;
  private final SocketIoNamespaces namespaces;
  private final EngineSessions engine;
  private final Map<String, SocketIoSocket> sockets = new ConcurrentHashMap<>();
  private SocketIoPacket partial;
  private List<byte[]> parts;
  private EngineClock.Timeout connectTimeout;
  private volatile String ended;

  SocketIoConnection(EngineSession session, SocketIoNamespaces namespaces, EngineSessions engine) {
    this.session = Objects.requireNonNull(session, "session");
    this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  Handshake handshake() {
    return session.handshake();
  }

  void send(List<EnginePacket> packets) {
    session.send(packets);
  }

  /** Sends packets that the peer should read apart from what follows (see {@link EngineSession#sendApart}). */
  void sendApart(List<EnginePacket> packets) {
    session.sendApart(packets);
  }

  void remove(SocketIoSocket socket) {
    sockets.remove(socket.namespace(), socket);
  }

  /** Lets go of a socket recovered on another connection; this one, dead to its client, closes once it holds none. */
  void release(SocketIoSocket socket) {
    remove(socket);
    if (sockets.isEmpty()) {
      session.close("its socket was recovered on another connection");
    }
  }

  @Override
  public void opened() {
    connectTimeout =
        engine.schedule(
            () -> {
              if (sockets.isEmpty()) {
                session.close("no namespace joined in time");
              }
            },
            engine.settings().connectTimeout().toNanos());
  }

  @Override
  public void message(String data) {
    if (partial != null) {
      throw new ProtocolViolation("expected a binary attachment, got text");
    }
    SocketIoPacket packet = SocketIoCodec.decode(data);
    if (packet.attachments() > 0) {
      partial = packet;
      parts = new ArrayList<>(packet.attachments());
      return;
    }
    dispatch(packet, List.of());
  }

  @Override
  public void binary(byte[] data) {
    if (partial == null) {
      throw new ProtocolViolation("binary data without a packet announcing it");
    }
    parts.add(data);
    if (parts.size() == partial.attachments()) {
      SocketIoPacket packet = partial;
      List<byte[]> attachments = parts;
      partial = null;
      parts = null;
      dispatch(packet, attachments);
    }
  }

  @Override
  public void closed(String reason) {
    ended = reason;
    if (connectTimeout != null) {
      connectTimeout.cancel();
    }
    List<SocketIoSocket> open = List.copyOf(sockets.values());
    sockets.clear();
    open.forEach(socket -> socket.closed(this, reason));
  }

  private void dispatch(SocketIoPacket packet, List<byte[]> attachments) {
    engine.requested(packet);
    SocketIoSocket socket = sockets.get(packet.namespace());
    if (socket == null && packet.type() == SocketIoPacket.Type.CONNECT) {
      connect(packet);
    } else if (socket != null
        && packet.type() != SocketIoPacket.Type.CONNECT
        && packet.type() != SocketIoPacket.Type.CONNECT_ERROR) {
      socket.receive(packet, attachments);
    } else {
      throw new ProtocolViolation(packet.type() + " for namespace " + packet.namespace() + " in the wrong state");
    }
  }

  private void connect(SocketIoPacket packet) {
    String name = packet.namespace();
    Namespace namespace = namespaces.find(name);
    if (namespace == null) {
      refuse(name, SharedJson.get().createObjectBuilder().add("message", "Invalid namespace").build());
      return;
    }
    JsonObject auth = packet.data() == null ? JsonValue.EMPTY_JSON_OBJECT : packet.data().asJsonObject();
    RecoverableSockets recoverable = engine.recoverable();
    if (recoverable != null && namespace.log() != null && auth.get("pid") instanceof JsonString pid) {
      SocketIoSocket previous = recoverable.claim(pid.getString(), name);
      if (previous != null && recover(previous, auth.get("offset"))) {
        return;
      }
    }
    SocketRecovery recovery =
        recoverable == null || namespace.log() == null
            ? null
            : new SocketRecovery(engine.newPrivateId(), namespace.log());
    SocketIoSocket socket = new SocketIoSocket(this, name, engine.newId(), auth, recovery, recoverable);
    SocketListener listener;
    try {
      listener = namespace.connect(socket);
    } catch (Refusal refused) {
      refuse(
          name,
          SharedJson.get().createObjectBuilder()
              .add("message", refused.detail())
              .add("data", SharedJson.get().createObjectBuilder().add("reason", refused.reason().name()))
              .build());
      return;
    }
    sockets.put(name, socket);
    if (connectTimeout != null) {
      connectTimeout.cancel();
    }
    socket.accept(listener);
  }

  /** Takes over a socket its client recovers with its pid and last offset; false when it cannot be recovered. */
  private boolean recover(SocketIoSocket socket, JsonValue offset) {
    sockets.put(socket.namespace(), socket);
    if (!socket.resume(this, offset instanceof JsonString text ? text.getString() : null)) {
      sockets.remove(socket.namespace(), socket);
      return false;
    }
    if (connectTimeout != null) {
      connectTimeout.cancel();
    }
    String reason = ended;
    if (reason != null) {
      socket.closed(this, reason); // this connection ended while the socket came over
    } else if (!socket.isConnected()) {
      sockets.remove(socket.namespace(), socket); // disconnected by the server while it came over
    }
    return true;
  }

  /** Answers a refused namespace connection with CONNECT_ERROR; the Engine.IO session stays open. */
  private void refuse(String namespace, JsonObject error) {
    session.send(EnginePacket.message(
        SocketIoCodec.encode(SocketIoPacket.Type.CONNECT_ERROR, namespace, null, error, 0)));
  }
}
