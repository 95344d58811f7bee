package dev.socketchat.socketio;

import dev.socketchat.metrics.CloseCause;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One client's connection to one namespace (what Socket.IO calls a socket): what it sent when it connected, and the
 * way to emit events to it. Sending never blocks and is ignored once the socket is gone. Whatever is sent while the
 * namespace admits the socket waits, and follows the CONNECT answer: so once a client knows it is connected, the
 * handler has done all it does on connect (the chat: entered the room), and nothing sent meanwhile is lost.
 *
 * <p>A socket that can be recovered ({@link SocketRecovery}) outlives a connection that drops: it is suspended, keeping
 * its listener and rooms, until its client comes back with its {@code pid} on a new connection or the window passes.
 */
public final class SocketIoSocket {
  private final String namespace;
  private final String id;
  private final Handshake handshake;
  private final JsonObject auth;
  private final SocketRecovery recovery;
  private final RecoverableSockets recoverable;
  private final SocketLink link;
  private SocketListener listener;

  SocketIoSocket(
      SocketIoConnection connection,
      String namespace,
      String id,
      JsonObject auth,
      SocketRecovery recovery,
      RecoverableSockets recoverable) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.id = Objects.requireNonNull(id, "id");
    this.handshake = connection.handshake();
    this.auth = Objects.requireNonNull(auth, "auth");
    this.recovery = recovery;
    this.recoverable = recovery == null ? null : Objects.requireNonNull(recoverable, "recoverable");
    this.link = new SocketLink(connection, recovery == null);
  }

  /** The private id its client recovers it with ({@code pid}), or null when it cannot be recovered. */
  public String privateId() {
    return recovery == null ? null : recovery.pid();
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
    return handshake;
  }

  /** The payload of the client's CONNECT packet (Socket.IO's {@code auth} option); empty when there was none. */
  public JsonObject auth() {
    return auth;
  }

  /**
   * What the namespace keeps for the whole connection the socket is on, whichever of its sockets asks (the chat's flood
   * limits, which a socket that disconnects and connects again must not find fresh); {@code first} makes it once.
   */
  public <T> T connectionWide(Class<T> type, Supplier<? extends T> first) {
    return link.connection().connectionWide(type, first);
  }

  /**
   * What a connection from the client's address that ended within the keep time left behind of the given type (its
   * flood limits, {@code AddressSlots}), else {@code fresh}'s: for what {@link #connectionWide} makes first.
   */
  public <T> T inherit(Class<T> type, Supplier<? extends T> fresh) {
    return link.connection().inherit(type, fresh);
  }

  /**
   * Takes on what a socket recovered onto this connection brought with it (its flood limits, now {@link
   * #connectionWide}): the client address's next connection inherits it once this one ends, no other before.
   */
  public void adopt(Object thing) {
    link.connection().adopt(thing);
  }

  public boolean isConnected() {
    return link.live();
  }

  /** Whether its connection dropped and it waits for its client to recover it (or is being recovered right now). */
  public boolean isSuspended() {
    SocketLink.State now = link.state();
    return now == SocketLink.State.SUSPENDED || now == SocketLink.State.RECOVERING;
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

  /**
   * Sends a broadcast logged for recovery (its offset in its packets): while the socket is suspended it is dropped,
   * since a recovery replays it from the log.
   */
  public void send(PacketLog.Entry logged) {
    if (link.live()) {
      link.deliver(logged.packets(), logged);
    }
  }

  void send(List<EnginePacket> packets) {
    if (link.live()) {
      link.deliver(packets, null);
    }
  }

  /** Notes that the socket is in a room whose broadcasts are logged, so that a recovery replays what it missed. */
  public void joined(String room) {
    if (recovery != null) {
      recovery.joined(room);
    }
  }

  /**
   * Notes that the socket left a room with a leave notice whose first packet has offset {@code notice}: what the room
   * logged before it is still the socket's to recover, since its connection may have been dead already.
   */
  public void leftBefore(String room, long notice) {
    if (recovery != null) {
      recovery.leftBefore(room, notice);
    }
  }

  /**
   * Notes that the socket was removed from a room (a moderator's {@code exit_room}) or left it: what the room logged up
   * to now is still the socket's to recover, since its connection may have been dead already.
   */
  public void removed(String room) {
    if (recovery != null) {
      recovery.removed(room);
    }
  }

  /** Ends this socket's membership of the namespace from the server side; the client is told with a DISCONNECT. */
  public void disconnect() {
    if (link.end()) {
      tellDisconnected();
    }
  }

  /**
   * Ends this socket's membership of the namespace from the server side for what its client did ({@code cause}); the
   * client is told with a DISCONNECT, and its session's end, as the client closes it once told, counts as that cause.
   */
  public void disconnectFor(CloseCause cause) {
    Objects.requireNonNull(cause, "cause");
    if (link.end()) {
      SocketIoConnection current = link.connection();
      if (current != null) {
        current.endsFor(cause);
      }
      tellDisconnected();
    }
  }

  private void tellDisconnected() {
    link.deliver(List.of(EnginePacket.message(SocketIoCodec.encode(
        SocketIoPacket.Type.DISCONNECT, namespace, null, null, 0))), null);
    SocketIoConnection current = link.connection();
    if (current != null) {
      current.disconnectedByServer(this);
    }
    ended("server namespace disconnect");
  }

  /** What listens to its events; null until it was admitted. */
  SocketListener listener() {
    return listener;
  }

  /** Lets the listener do what it does on connect, then tells the client, then sends what was emitted meanwhile. */
  void accept(SocketListener admitted) {
    this.listener = admitted;
    link.admit();
    if (recovery != null) {
      recoverable.add(this, recovery.pid());
    }
    admitted.connected();
    link.open(connectAnswer());
  }

  /**
   * Recovers this socket onto a new connection whose client sent back its {@code pid} and last {@code offset} (null
   * when it got none): sends what the socket missed, then the CONNECT answer with the same sid and pid, then what came
   * meanwhile, each packet once and in order. The client may come back before its old connection was found dead: it
   * is let go. When the missed packets are gone (or the offset is not one this server gave), the socket ends as if
   * the window had passed and the client starts afresh.
   *
   * @return whether the socket was recovered
   */
  boolean resume(SocketIoConnection target, String offset) {
    SocketLink.Handover handover = recovery == null ? null : link.recover();
    if (handover == null) {
      return false; // ended, or being admitted or recovered right now
    }
    if (handover.from() != null) {
      handover.from().release(this);
    }
    Optional<List<PacketLog.Entry>> missed = recovery.missed(offset);
    if (missed.isEmpty()) {
      if (link.unrecovered()) {
        ended("recovery refused");
      }
      return false;
    }
    link.recovered(target, missed.get(), connectAnswer());
    return true;
  }

  /** Holds what is sent to this socket, taken over from wherever it was, until {@link #recovered} sends it. */
  void holdForRecovery() {
    link.admit();
  }

  /** A socket that could not be taken over ends before anybody heard of it. */
  void abandon() {
    link.end();
  }

  /**
   * Finishes taking this socket over on {@code target} ({@link Namespace#recover}): what it missed, then the CONNECT
   * answer with its sid and pid, then what was held meanwhile, none of it twice.
   */
  void recovered(SocketIoConnection target, SocketListener taken, List<PacketLog.Entry> missed) {
    this.listener = taken;
    recoverable.add(this, recovery.pid());
    link.recovered(target, missed, connectAnswer());
  }

  /**
   * Ends this socket silently because its client recovered it on another connection, perhaps on another node: its
   * connection, if it still has one, lets it go (and closes once it carries no socket), its window stops, and its
   * listener is told.
   */
  public void movedAway() {
    if (!link.end()) {
      return;
    }
    SocketIoConnection current = link.connection();
    if (current != null) {
      current.release(this);
    }
    if (recovery != null) {
      recoverable.remove(this, recovery.pid());
    }
    listener.disconnected("recovered on another connection");
  }

  private List<EnginePacket> connectAnswer() {
    JsonObjectBuilder answer = SharedJson.get().createObjectBuilder().add("sid", id);
    if (recovery != null) {
      answer.add("pid", recovery.pid());
    }
    return List.of(EnginePacket.message(SocketIoCodec.encode(
        SocketIoPacket.Type.CONNECT, namespace, null, answer.build(), 0)));
  }

  /** A packet from the client for this namespace (never CONNECT). */
  void receive(SocketIoPacket packet, List<byte[]> attachments) {
    if (!link.live()) {
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
        if (link.end()) {
          ended("client namespace disconnect");
        }
      }
      case ACK, BINARY_ACK -> {
        // this server never asks clients for acks: an unexpected ack is ignored, as the reference server does
      }
      case CONNECT, CONNECT_ERROR -> throw new ProtocolViolation(packet.type() + " on a connected namespace");
    }
  }

  /**
   * The connection {@code from} ended. A drop the client did not choose suspends a socket that can be recovered; any
   * other end (or a socket that cannot be recovered) ends the socket. Ignored when the socket has moved on to another
   * connection.
   */
  void closed(SocketIoConnection from, String reason) {
    SocketLink.State now = link.dropped(from, recovery != null && SocketRecovery.recoverable(reason));
    if (now == SocketLink.State.SUSPENDED) {
      recoverable.suspend(this, () -> {
        if (link.expire()) {
          ended(reason);
        }
      });
      recoverable.later(listener::suspended);
    } else if (now == SocketLink.State.ENDED) {
      ended(reason);
    }
  }

  /** The client of {@code from} left after all: the socket ends if that connection's end suspended it. */
  void leftAfterLoss(SocketIoConnection from, String reason) {
    if (link.endSuspendedFrom(from)) {
      ended(reason);
    }
  }

  /** The socket ended: its connection and the recoverable sockets forget it, and its listener is told. */
  private void ended(String reason) {
    SocketIoConnection current = link.connection();
    if (current != null) {
      current.remove(this);
    }
    if (recovery != null) {
      recoverable.remove(this, recovery.pid());
    }
    listener.disconnected(reason);
  }
}
