package dev.socketchat.socketio;

import dev.socketchat.domain.Refusal;

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
}
