package dev.socketchat.socketio;

/** Receives what happens to one connected socket; calls for one socket never overlap. */
public interface SocketListener {

  /** The client has been told it is connected; the socket may emit from now on. */
  default void connected() {}

  /** The client emitted an event. */
  void event(SocketEvent event);

  /** The socket left the namespace or its connection ended ({@code client namespace disconnect}, ...). */
  default void disconnected(String reason) {}
}
