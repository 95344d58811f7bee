package dev.socketchat.socketio;

import dev.socketchat.domain.Refusal;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Objects;

/** What serves one Socket.IO namespace: it admits or refuses each socket that connects to it. */
@FunctionalInterface
public interface Namespace {

  /**
   * Admits a socket connecting to this namespace, or refuses it. Nothing may be emitted here; {@link
   * SocketListener#connected()} follows at once when it is admitted.
   *
   * @return the listener for that socket's events
   * @throws Refusal to refuse it: the client gets {@code connect_error} with the detail as message and the reason
   *     code as {@code data.reason}
   */
  SocketListener connect(SocketIoSocket socket);

  /** A CONNECT to this namespace was refused for {@code refusal} (its client got {@code connect_error}). */
  default void refused(Refusal refusal) {}

  /**
   * The log of this namespace's broadcasts when its sockets can be recovered after a drop (Socket.IO's connection
   * state recovery: their CONNECT answer carries a {@code pid}, their broadcasts an offset); null when they cannot.
   */
  default PacketLog log() {
    return null;
  }

  /**
   * Whether its sockets can be recovered on any node of a cluster ({@link #recover}) rather than from this node's
   * {@link #log()}: their CONNECT answer carries a {@code pid}, their broadcasts the cluster's number of their event.
   */
  default boolean recoversAcrossNodes() {
    return false;
  }

  /**
   * Takes over, wherever it is in the cluster, the socket whose client came back with {@code socket}'s pid: {@code
   * socket} (same sid and pid, on the new connection) holds whatever is sent to it until it is recovered.
   *
   * @param offset the last offset the client got, as it sent it back; null when it sent none
   * @return the socket's listener and the packets it missed, in order; null when it cannot be recovered (an unknown
   *     or expired pid, or more missed than is kept): its client then starts afresh
   * @throws Refusal to refuse the CONNECT as {@link #connect} refuses one (the chat: a token that is missing in
   *     required mode, bad or expired): its client gets {@code connect_error}, and the socket is left where it is;
   *     {@link dev.socketchat.domain.Reason#UNAVAILABLE} ends the Engine.IO session instead, so that its client
   *     reconnects and asks again
   */
  default Recovered recover(SocketIoSocket socket, String offset) {
    return null;
  }

  /**
   * Whether a client that came back with the pid of {@code taken}, a socket of this node, may have it, given what its
   * CONNECT's auth payload proves (the chat: not with a token of another user); when not, its client starts afresh
   * and {@code taken} is left as it was.
   *
   * @param taken the listener of the socket asked for, or null while it is being admitted
   * @throws Refusal to refuse the CONNECT as {@link #connect} refuses one: its client gets {@code connect_error}, and
   *     {@code taken} is left as it was, its window going on (a retry that proves more may have it)
   */
  default boolean mayRecover(SocketListener taken, JsonObject auth) {
    return true;
  }

  /**
   * A socket of this node was recovered by a client whose CONNECT carried {@code auth}, which {@link #mayRecover} let
   * have it (the chat: its sign-in ends with the new token from now on).
   */
  default void recovered(SocketListener taken, JsonObject auth) {}

  /** A socket taken over: its listener from now on, and the broadcasts it missed, in order, with their offsets. */
  record Recovered(SocketListener listener, List<PacketLog.Entry> missed) {
    public Recovered {
      Objects.requireNonNull(listener, "listener");
      missed = List.copyOf(missed);
    }
  }
}
