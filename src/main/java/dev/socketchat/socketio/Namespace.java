package dev.socketchat.socketio;

import dev.socketchat.domain.Refusal;

/** What serves one Socket.IO namespace: it admits or refuses each socket that connects to it. */
@FunctionalInterface
public interface Namespace {

  /**
   * Admits a socket connecting to this namespace. Called before the client is told it is connected, so nothing may be
   * emitted here; {@link SocketListener#connected()} follows once it is.
   *
   * @return the listener for that socket's events
   * @throws Refusal to refuse it: the client gets {@code connect_error} with the detail as message and the reason
   *     code as {@code data.reason}
   */
  SocketListener connect(SocketIoSocket socket);
}
