package dev.socketchat.socketio;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The packets an Engine.IO session has queued for its peer until the transport can take them, with their weight in
 * characters, whether a pause holds them back and whether they ever outgrew the limit. No lock of its own: the
 * session's lock guards it.
 */
final class PacketQueue {
  private List<EnginePacket> packets = new ArrayList<>();
  private long weight;
  private boolean paused;
  private boolean overflowed;

  /**
   * Queues packets in order.
   *
   * @return false when the queue now weighs more than {@code limit}: it is then emptied and {@link #overflowed}
   */
  boolean add(List<EnginePacket> more, long limit) {
    for (EnginePacket packet : more) {
      packets.add(packet);
      weight += packet.weight();
    }
    if (weight > limit) {
      take();
      overflowed = true;
      return false;
    }
    return true;
  }

  /** Whether the queue once grew past its limit (the session is then closing as too slow). */
  boolean overflowed() {
    return overflowed;
  }

  boolean isEmpty() {
    return packets.isEmpty();
  }

  /** The queued packets, oldest first, as they are now (a view that the next change alters). */
  List<EnginePacket> peek() {
    return Collections.unmodifiableList(packets);
  }

  /** Takes every queued packet; empty when none wait. */
  List<EnginePacket> take() {
    List<EnginePacket> out = packets;
    packets = new ArrayList<>();
    weight = 0;
    return out;
  }

  /** Whether a pause holds the packets back from the transport (they still go to a GET that asks). */
  boolean paused() {
    return paused;
  }

  void pause(boolean pause) {
    this.paused = pause;
  }
}
