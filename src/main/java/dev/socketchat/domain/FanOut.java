package dev.socketchat.domain;

/** Receives the room events a registry publishes, in order, and gets them to this node's members. */
public interface FanOut {

  /** Delivers one published event; called for each room's events in the order the registry accepted them. */
  void deliver(RoomEvent event);

  /**
   * Delivers one published event with its {@code position}: its number among all the events the registry published,
   * the same on every node (a cluster numbers them so; 0 when the registry does not).
   */
  default void deliver(RoomEvent event, long position) {
    deliver(event);
  }

  /**
   * Tells that events were lost on their way here (the shared registry lost its data, or could not hand over the
   * events this node missed), or that rooms came back that no event told of (put back after such a loss): whatever
   * follows the rooms by their events alone must read them anew.
   */
  default void missed() {}

  /**
   * A session was taken over by another connection, perhaps on another node: {@code from} leaves the room and {@code
   * to} takes its seat there, silently; events after this one are the new connection's. Called in the room's order of
   * events.
   */
  default void moved(RoomRef room, ConnectionId from, ConnectionId to) {}

  /**
   * A session was taken over by another connection, perhaps on another node, when it was in none of its rooms any more
   * (they ended, or it was kicked from them, while its client was away): {@code from} ends silently. Called in the
   * order of events, after those ends and kicks.
   */
  default void sessionMoved(ConnectionId from) {}
}
