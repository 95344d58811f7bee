package dev.socketchat.socketio;

/** Receives what happens to one connected socket; calls for one socket never overlap. */
public interface SocketListener {

  /**
   * The socket is admitted: what is emitted from now on reaches the client after its CONNECT answer, which is sent
   * when this returns.
   */
  default void connected() {}

  /**
   * The socket's connection dropped: it waits, for the resume window, for its client to recover it (on any node of a
   * cluster). Called on a worker thread, perhaps while the socket is already being recovered or ended elsewhere; it
   * may wait for the registry.
   */
  default void suspended() {}

  /** The client emitted an event. */
  void event(SocketEvent event);

  /**
   * The socket left the namespace or its connection ended ({@code client namespace disconnect}, ...); for a socket
   * that can be recovered, a connection that dropped ends it only when the resume window has passed.
   */
  default void disconnected(String reason) {}
}
