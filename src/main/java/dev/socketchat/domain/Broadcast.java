package dev.socketchat.domain;

import java.util.Objects;
import java.util.function.Function;

/** One room event on its way to a node's members: renders it once per wire format and hands the same frame to all. */
public final class Broadcast {
  private static final Object NOTHING = new Object();

  private final RoomEvent event;
  private Function<RoomEvent, ?> lastRenderer;
  private Object lastFrame;

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
      T frame = renderer.apply(event);
      lastRenderer = renderer;
      lastFrame = frame == null ? NOTHING : frame;
    }
    return lastFrame == NOTHING ? null : (T) lastFrame;
  }
}
