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
   */
  default boolean mayRecover(SocketListener taken, JsonObject auth) {
    return true;
  }

  /** A socket taken over: its listener from now on, and the broadcasts it missed, in order, with their offsets. */
  record Recovered(SocketListener listener, List<PacketLog.Entry> missed) {
    public Recovered {
      Objects.requireNonNull(listener, "listener");
      missed = List.copyOf(missed);
    }
  }
}
