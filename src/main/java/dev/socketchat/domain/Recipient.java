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

  /**
   * Hands over an event to a connection in the lobby that is not in the event's room: a room created or ended, as the
   * lobby hears of it. Only the app dialect's lobby watchers get these.
   */
  default void deliverToLobby(Broadcast broadcast) {
    deliver(broadcast, false);
  }

  /**
   * Hands over one batch of changes to the room list to a connection that subscribed to the lobby; must only queue.
   *
   * @return false when the connection is too far behind to take it: it is then told to resync and unsubscribed
   */
  default boolean lobbyChanged(LobbyNews news) {
    return false;
  }

  /** Tells a lobby subscriber its subscription ended because it missed changes: it should subscribe again. */
  default void lobbyResync() {}

  /**
   * The registry removed this open connection from a room as if it had dropped (in cluster mode: its node was taken
   * for dead, cut off from Redis or frozen past the liveness time). Its client still believes it is in the room, and
   * nothing it was told can be trusted any more: the transport closes it (a {@code /chat} connection with 1012, a
   * Socket.IO socket with a server disconnect), so its client reconnects. Called on the delivering thread: it must
   * not block.
   */
  default void evict() {}

  /**
   * Whether the connection's client can resume a session after a drop: only such a connection is given one (a {@code
   * /chat} connection of the app's dialect is not, so that wherever it drops it leaves at once).
   */
  default boolean resumes() {
    return true;
  }

  /**
   * Tells the transport the token of the connection's session, given to its client in its create and join replies;
   * called before the reply that first carries it is delivered.
   */
  default void sessionOpened(String token) {}

  /**
   * The connection's session was resumed on another connection: the transport closes this one (a {@code /chat}
   * connection with 1008). Called on the resuming thread: it must not block.
   */
  default void replaced() {}
}
