package dev.socketchat.domain;

/** Receives the room events a registry publishes, in order, and gets them to this node's members. */
public interface FanOut {

  /** Delivers one published event; called for each room's events in the order the registry accepted them. */
  void deliver(RoomEvent event);
}
