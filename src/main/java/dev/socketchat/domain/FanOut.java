package dev.socketchat.domain;

/** Receives the room events a registry publishes, in order, and gets them to this node's members. */
public interface FanOut {

  /** Delivers one published event; called for each room's events in the order the registry accepted them. */
  void deliver(RoomEvent event);

  /**
   * Tells that events were lost on their way here (the shared registry lost its data, or could not hand over the
   * events this node missed): whatever follows the rooms by their events alone must read them anew.
   */
  default void missed() {}
}
