package dev.socketchat.socketio;

import dev.socketchat.connection.AddressSlots;
import dev.socketchat.domain.Reason;
import dev.socketchat.domain.Refusal;
import dev.socketchat.logging.LogText;
import dev.socketchat.metrics.CloseCause;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The Socket.IO side of one Engine.IO session: decodes packets (joining binary attachments to their packet), connects
 * the client to namespaces, routes each packet to its namespace's socket, and closes the session when a client breaks
 * the protocol or joins no namespace in time.
 */
final class SocketIoConnection implements EngineListener {
  private static final System.Logger LOG = System.getLogger(SocketIoConnection.class.getName());
  /** Why a session whose CONNECTs were refused {@code socketchat.limits.refusals-to-close} times in a row ends. */
  static final String FLOODING = "flooding: CONNECT refused too often in a row";
  /** Why a session ends whose socket's recovery the cluster could not answer (Redis out of reach): try again. */
  static final String UNAVAILABLE = "server error: the socket's recovery is unavailable now; reconnect and try again";
  private final EngineSession session;
  private final SocketIoNamespaces namespaces;
  private final EngineSessions engine;
  private final Map<String, SocketIoSocket> sockets = new ConcurrentHashMap<>();
  private SocketIoPacket partial;
  private List<byte[]> parts;
  private long partBytes;
  // namespace -> System.nanoTime() when the server disconnected its socket
  private final Map<String, Long> disconnectedAt = new ConcurrentHashMap<>();
  private EngineClock.Timeout connectTimeout;
  private volatile String ended;
  // set and read under the session's inbound lock: the sockets its close left, and why its client left after a loss
  private List<SocketIoSocket> closedWith = List.of();
  private String leftAfterLoss;
  // CONNECTs refused since the last one accepted: a client that keeps asking is flooding, as one refused on /chat is
  private int refusedConnects;

  // what the namespaces keep for the whole connection, by type (see SocketIoSocket.connectionWide)
  private final Map<Class<?>, Object> connectionWide = new ConcurrentHashMap<>(2);
  // its client address's slot, which hands it what the address's last connection left behind (AddressSlots)
  private final AddressSlots.Slot slot;

  SocketIoConnection(
      EngineSession session, SocketIoNamespaces namespaces, EngineSessions engine, AddressSlots.Slot slot) {
    this.session = Objects.requireNonNull(session, "session");
    this.slot = Objects.requireNonNull(slot, "slot");
    this.namespaces = Objects.requireNonNull(namespaces, "namespaces");
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  Handshake handshake() {
    return session.handshake();
  }

  <T> T connectionWide(Class<T> type, Supplier<? extends T> first) {
    return type.cast(connectionWide.computeIfAbsent(type, unused -> first.get()));
  }

  <T> T inherit(Class<T> type, Supplier<? extends T> fresh) {
    return slot.inherit(type, fresh);
  }

  void adopt(Object thing) {
    slot.adopt(thing, null);
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

  /**
   * Forgets a socket the server disconnected. What its client sent for the namespace before it heard (the rest of a
   * burst that got it disconnected for flooding, say) is dropped for a ping timeout, rather than taken for a breach of
   * the protocol that would end the whole session before the DISCONNECT and the acks queued for it go out.
   */
  void disconnectedByServer(SocketIoSocket socket) {
    disconnectedAt.put(socket.namespace(), System.nanoTime()); // first: a packet between the two is dropped too
    if (!sockets.remove(socket.namespace(), socket)) {
      disconnectedAt.remove(socket.namespace()); // it was no longer this connection's socket
    }
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
      partBytes = 0;
      return;
    }
    dispatch(packet, List.of());
  }

  @Override
  public void binary(byte[] data) {
    if (partial == null) {
      throw new ProtocolViolation("binary data without a packet announcing it");
    }
    partBytes += data.length;
    if (partBytes > engine.settings().maxPayload()) {
      // held until the last one comes, so a packet's attachments together are bounded as one message is
      throw new ProtocolViolation("binary attachments over maxPayload (" + engine.settings().maxPayload() + " bytes)");
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

  /** Notes what the server ends this connection's session for (see {@link EngineSession#endsFor}). */
  void endsFor(CloseCause cause) {
    session.endsFor(cause);
  }

  @Override
  public void closed(String reason) {
    String why = leftAfterLoss != null ? leftAfterLoss : reason; // its client left before the loss was handled
    ended = why;
    if (connectTimeout != null) {
      connectTimeout.cancel();
    }
    List<SocketIoSocket> open = List.copyOf(sockets.values());
    sockets.clear();
    open.forEach(socket -> socket.closed(this, why));
    closedWith = open;
  }

  @Override
  public void leftAfterLoss(String reason) {
    leftAfterLoss = reason;
    List<SocketIoSocket> left = closedWith;
    closedWith = List.of();
    left.forEach(socket -> socket.leftAfterLoss(this, reason));
  }

  /** Whether the server disconnected the namespace's socket less than a ping timeout ago. */
  private boolean notYetHeard(String namespace) {
    Long at = disconnectedAt.get(namespace);
    return at != null && System.nanoTime() - at < engine.settings().pingTimeout().toNanos();
  }

  private void dispatch(SocketIoPacket packet, List<byte[]> attachments) {
    engine.requested(packet);
    SocketIoSocket socket = sockets.get(packet.namespace());
    if (socket == null && packet.type() == SocketIoPacket.Type.CONNECT) {
      disconnectedAt.remove(packet.namespace());
      connect(packet);
      refusedConnects = sockets.containsKey(packet.namespace()) ? 0 : refusedConnects + 1;
      if (refusedConnects >= engine.refusalsToClose()) {
        session.close(FLOODING);
      }
    } else if (socket != null
        && packet.type() != SocketIoPacket.Type.CONNECT
        && packet.type() != SocketIoPacket.Type.CONNECT_ERROR) {
      socket.receive(packet, attachments);
    } else if (socket == null && notYetHeard(packet.namespace())) {
      LOG.log(System.Logger.Level.DEBUG, "dropped a {0} sent before its client heard of its disconnect", packet.type());
    } else {
      // the namespace is the client's text, up to max-payload: cut and quoted for the close reason and the log
      throw new ProtocolViolation(
          packet.type() + " for namespace " + LogText.quoted(packet.namespace(), 40) + " in the wrong state");
    }
  }

  private void connect(SocketIoPacket packet) {
    String name = packet.namespace();
    Namespace namespace = namespaces.find(name);
    if (namespace == null) {
      refuse(name, SharedJson.get().createObjectBuilder().add("message", "Invalid namespace").build());
      return;
    }
    session.inUseAgain();
    JsonObject auth = packet.data() == null ? JsonValue.EMPTY_JSON_OBJECT : packet.data().asJsonObject();
    RecoverableSockets recoverable = engine.recoverable();
    boolean acrossNodes = recoverable != null && namespace.log() == null && namespace.recoversAcrossNodes();
    try {
      if (recoverable != null && namespace.log() != null && auth.get("pid") instanceof JsonString pid) {
        SocketIoSocket previous =
            recoverable.claim(pid.getString(), name, socket -> namespace.mayRecover(socket.listener(), auth));
        if (previous != null && recover(namespace, previous, auth)) {
          return;
        }
      }
      if (acrossNodes
          && auth.get("pid") instanceof JsonString pid
          && takeOver(namespace, name, auth, pid.getString())) {
        return;
      }
    } catch (Refusal refused) {
      refuse(namespace, name, refused); // the socket asked for waits on, for a CONNECT that proves more
      return;
    }
    SocketRecovery recovery =
        recoverable == null || (namespace.log() == null && !acrossNodes)
            ? null
            : new SocketRecovery(engine.newPrivateId(), namespace.log());
    String sid = acrossNodes ? socketIdOf(recovery.pid()) : engine.newId();
    SocketIoSocket socket = new SocketIoSocket(this, name, sid, auth, recovery, recoverable);
    SocketListener listener;
    try {
      listener = namespace.connect(socket);
    } catch (Refusal refused) {
      refuse(namespace, name, refused);
      return;
    }
    sockets.put(name, socket);
    if (connectTimeout != null) {
      connectTimeout.cancel();
    }
    socket.accept(listener);
  }

  /**
   * The offset a recovering client sent back: null when it sent none (it got nothing), else the string as sent, and
   * one that is no string ({@code 964} for {@code "964"}) as an empty string, an offset nobody gave: it starts afresh.
   */
  private static String offset(JsonObject auth) {
    JsonValue offset = auth.get("offset");
    if (offset == null || offset == JsonValue.NULL) {
      return null;
    }
    return offset instanceof JsonString text ? text.getString() : "";
  }

  /**
   * Takes over a socket its client recovers with its pid and last offset (in {@code auth}); false when it cannot be
   * recovered.
   */
  private boolean recover(Namespace namespace, SocketIoSocket socket, JsonObject auth) {
    sockets.put(socket.namespace(), socket);
    if (!socket.resume(this, offset(auth))) {
      sockets.remove(socket.namespace(), socket);
      return false;
    }
    namespace.recovered(socket.listener(), auth);
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

  /**
   * Takes over, through the namespace, a socket its client recovers with its pid and last offset, wherever in the
   * cluster it was: a socket with the same sid and pid holds what is sent to it until the namespace has it, then gets
   * what it missed and its CONNECT answer. False when it cannot be recovered.
   */
  private boolean takeOver(Namespace namespace, String name, JsonObject auth, String pid) {
    if (!pid.matches("[A-Za-z0-9_-]{24}")) {
      return false;
    }
    SocketIoSocket socket =
        new SocketIoSocket(this, name, socketIdOf(pid), auth, new SocketRecovery(pid, null), engine.recoverable());
    socket.holdForRecovery();
    Namespace.Recovered taken = null;
    try {
      taken = namespace.recover(socket, offset(auth));
    } catch (Refusal refused) {
      socket.abandon();
      if (refused.reason() == Reason.UNAVAILABLE) {
        // nothing changed, and the cluster cannot tell now: the session ends as a lost transport's would, so that its
        // client reconnects and asks again with the same pid and offset (a CONNECT_ERROR would leave it unconnected)
        session.close(UNAVAILABLE);
        return true;
      }
      throw refused;
    } catch (RuntimeException failed) {
      LOG.log(System.Logger.Level.WARNING, "a socket could not be recovered; its client starts afresh", failed);
    }
    if (taken == null) {
      socket.abandon();
      return false;
    }
    socket.recovered(this, taken.listener(), taken.missed());
    sockets.put(name, socket);
    if (connectTimeout != null) {
      connectTimeout.cancel();
    }
    String reason = ended;
    if (reason != null) {
      socket.closed(this, reason); // this connection ended while the socket came over
    } else if (!socket.isConnected()) {
      sockets.remove(name, socket); // disconnected by the server while it came over
    }
    return true;
  }

  /**
   * The sid of a socket that can be recovered on any node: derived from its pid (one way), so that every node gives
   * the socket its sid again without storing it. 20 URL-safe characters, as every sid.
   */
  static String socketIdOf(String pid) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(("socketchat sid " + pid).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 15));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("every Java has SHA-256", impossible);
    }
  }

  /** Answers a namespace connection refused for a reason with CONNECT_ERROR: the reason goes in {@code data}. */
  private void refuse(Namespace namespace, String name, Refusal refused) {
    namespace.refused(refused);
    refuse(
        name,
        SharedJson.get().createObjectBuilder()
            .add("message", refused.detail())
            .add("data", SharedJson.get().createObjectBuilder().add("reason", refused.reason().name()))
            .build());
  }

  /** Answers a refused namespace connection with CONNECT_ERROR; the Engine.IO session stays open. */
  private void refuse(String namespace, JsonObject error) {
    session.send(EnginePacket.message(
        SocketIoCodec.encode(SocketIoPacket.Type.CONNECT_ERROR, namespace, null, error, 0)));
  }
}
