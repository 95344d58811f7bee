package dev.socketchat.domain;

/** The transport side of one connection: turns delivered room events into frames and sends them without blocking. */
public interface Recipient {

  /**
   * Hands over one event for this connection. Called on the delivering thread, so it must only queue, never block.
   *
   * @param broadcast the event, with the frame rendered once for every recipient speaking the same protocol
   * @param toOrigin whether this connection caused the event (it then gets its reply, not the shared frame)
   */
  void deliver(Broadcast broadcast, boolean toOrigin);
}
