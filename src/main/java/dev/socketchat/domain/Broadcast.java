package dev.socketchat.domain;

import java.util.Objects;
import java.util.function.Function;

/** One room event on its way to a node's members: renders it once per wire format and hands the same frame to all. */
public final class Broadcast {
  private static final Object NOTHING = new Object();

  private final RoomEvent event;
  // the last two renderers used and their frames: a room mixes at most a few wire formats (two /chat dialects and
  // Socket.IO's), and its seats come in no particular order
  private Function<RoomEvent, ?> lastRenderer;
  private Object lastFrame;
  private Function<RoomEvent, ?> otherRenderer;
  private Object otherFrame;

  public Broadcast(RoomEvent event) {
    this.event = Objects.requireNonNull(event, "event");
  }

  public RoomEvent event() {
    return event;
  }

  /**
   * The event rendered by the given renderer, computed on first use and reused for the next recipients that use the
   * same renderer. A broadcast is delivered on one thread, so no synchronisation is needed.
   *
   * @return the frame, or null when the renderer has nothing to send for this event
   */
  @SuppressWarnings("unchecked")
  public <T> T frame(Function<RoomEvent, T> renderer) {
    if (renderer != lastRenderer) {
      Function<RoomEvent, ?> previousRenderer = lastRenderer;
      Object previousFrame = lastFrame;
      if (renderer == otherRenderer) {
        lastFrame = otherFrame;
      } else {
        T frame = renderer.apply(event);
        lastFrame = frame == null ? NOTHING : frame;
      }
      lastRenderer = renderer;
      otherRenderer = previousRenderer;
      otherFrame = previousFrame;
    }
    return lastFrame == NOTHING ? null : (T) lastFrame;
  }
}
