package dev.socketchat.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * A room as the generator knows it: its label (the Socket.IO room key, the /chat room name), its /chat room number
 * once created, who waits for it to exist, and the state of the probe that proves every member is seated.
 */
final class Room {
  final String label;
  final int size;
  int id;
  /** The user that creates the room; the others join once it exists. */
  ChatUser creator;
  boolean created;
  final List<Runnable> waiting = new ArrayList<>();
  int probeRound = -1;
  int probeHits;
  boolean settled;

  Room(String label, int size) {
    this.label = label;
    this.size = size;
  }

  /** Marks the room as existing and lets the users waiting for it go on. */
  void markCreated() {
    created = true;
    List<Runnable> go = List.copyOf(waiting);
    waiting.clear();
    go.forEach(Runnable::run);
  }

  /** Runs {@code task} once the room exists. */
  void whenCreated(Runnable task) {
    if (created) {
      task.run();
    } else {
      waiting.add(task);
    }
  }
}
