package dev.socketchat.socketio;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One client's connection to one namespace (what Socket.IO calls a socket): what it sent when it connected, and the
 * way to emit events to it. Sending never blocks and is ignored once the socket is gone. Whatever is sent while the
 * namespace admits the socket waits, and follows the CONNECT answer: so once a client knows it is connected, the
 * handler has done all it does on connect (the chat: entered the room), and nothing sent meanwhile is lost.
 */
public final class SocketIoSocket {
  private final SocketIoConnection connection;
  private final String namespace;
  private final String id;
  private final JsonObject auth;
  private final AtomicBoolean connected = new AtomicBoolean();
  private final Object admission = new Object();
  private volatile List<EnginePacket> early = new ArrayList<>();
  private SocketListener listener;

  SocketIoSocket(SocketIoConnection connection, String namespace, String id, JsonObject auth) {
    this.connection = Objects.requireNonNull(connection, "connection");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.id = Objects.requireNonNull(id, "id");
    this.auth = Objects.requireNonNull(auth, "auth");
  }

  /** The socket id sent to the client in its CONNECT answer. */
  public String id() {
    return id;
  }

  public String namespace() {
    return namespace;
  }

  /** The query the client opened its Engine.IO session with (Socket.IO's {@code query} option). */
  public Handshake handshake() {
    return connection.handshake();
  }

  /** The payload of the client's CONNECT packet (Socket.IO's {@code auth} option); empty when there was none. */
  public JsonObject auth() {
    return auth;
  }

  public boolean isConnected() {
    return connected.get();
  }

  /** Emits an event with plain JSON arguments. */
  public void emit(String event, JsonValue... args) {
    JsonArrayBuilder data = SharedJson.get().createArrayBuilder().add(event);
    for (JsonValue arg : args) {
      data.add(arg);
    }
    emit(data.build(), List.of());
  }

  /** Emits an event whose array (name first) may hold placeholders for the given attachments. */
  public void emit(JsonArray nameAndArgs, List<byte[]> attachments) {
    send(SocketIoCodec.withAttachments(SocketIoPacket.Type.EVENT, namespace, null, nameAndArgs, attachments));
  }

  /** Sends packets already encoded for this namespace (a broadcast rendered once for many sockets). */
  public void send(EnginePacket packet) {
    send(List.of(packet));
  }

  void send(List<EnginePacket> packets) {
    if (connected.get()) {
      deliver(packets);
    }
  }

  /** Hands packets to the connection, or keeps them until the CONNECT answer has gone out. */
  private void deliver(List<EnginePacket> packets) {
    if (early != null) {
      synchronized (admission) {
        if (early != null) {
          early.addAll(packets);
          return;
        }
      }
    }
    connection.send(packets);
  }

  /** Ends this socket's membership of the namespace from the server side; the client is told with a DISCONNECT. */
  public void disconnect() {
    if (connected.compareAndSet(true, false)) {
      deliver(List.of(EnginePacket.message(SocketIoCodec.encode(
          SocketIoPacket.Type.DISCONNECT, namespace, null, null, 0))));
      connection.remove(this);
      listener.disconnected("server namespace disconnect");
    }
  }

  /** Lets the listener do what it does on connect, then tells the client, then sends what was emitted meanwhile. */
  void accept(SocketListener admitted) {
    this.listener = admitted;
    connected.set(true);
    admitted.connected();
    JsonObject answer = SharedJson.get().createObjectBuilder().add("sid", id).build();
    synchronized (admission) {
      connection.sendApart(List.of(EnginePacket.message(SocketIoCodec.encode(
          SocketIoPacket.Type.CONNECT, namespace, null, answer, 0))));
      if (!early.isEmpty()) {
        connection.send(early);
      }
      early = null;
    }
  }

  /** A packet from the client for this namespace (never CONNECT). */
  void receive(SocketIoPacket packet, List<byte[]> attachments) {
    if (!connected.get()) {
      return;
    }
    switch (packet.type()) {
      case EVENT, BINARY_EVENT -> {
        JsonArray data = packet.data().asJsonArray();
        JsonValue name = data.get(0);
        String eventName = name.getValueType() == JsonValue.ValueType.STRING ? data.getString(0) : name.toString();
        JsonArrayBuilder args = SharedJson.get().createArrayBuilder();
        for (int i = 1; i < data.size(); i++) {
          args.add(data.get(i));
        }
        listener.event(new SocketEvent(this, eventName, args.build(), attachments, packet.id()));
      }
      case DISCONNECT -> {
        if (connected.compareAndSet(true, false)) {
          connection.remove(this);
          listener.disconnected("client namespace disconnect");
        }
      }
      case ACK, BINARY_ACK -> {
        // this server never asks clients for acks: an unexpected ack is ignored, as the reference server does
      }
      case CONNECT, CONNECT_ERROR -> throw new ProtocolViolation(packet.type() + " on a connected namespace");
    }
  }

  /** The connection ended. */
  void closed(String reason) {
    if (connected.compareAndSet(true, false)) {
      listener.disconnected(reason);
    }
  }
}
