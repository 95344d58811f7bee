package dev.socketchat.domain;

import java.util.Objects;
import java.util.function.Function;

/** One room event on its way to a node's members: renders it once per wire format and hands the same frame to all. */
public final class Broadcast {
  private static final Object NOTHING = new Object();

  private final RoomEvent event;
  private final long position;
  // the last two renderers used and their frames: a room mixes at most a few wire formats (two /chat dialects and
  // Socket.IO's), and its seats come in no particular order
  private Function<RoomEvent, ?> lastRenderer;
  private Object lastFrame;
  private Function<RoomEvent, ?> otherRenderer;
  private Object otherFrame;

  /**
   * A renderer whose frames also show the event's position among all the events the registry published (Socket.IO's
   * offsets across a cluster).
   */
  public interface Positioned<T> extends Function<RoomEvent, T> {
    /** The event's frame, given its position (0 when the registry numbers none). */
    T apply(RoomEvent event, long position);

    @Override
    default T apply(RoomEvent event) {
      return apply(event, 0);
    }
  }

  public Broadcast(RoomEvent event) {
    this(event, 0);
  }

  /** An event with its number among all the events the registry published (0 when it numbers none). */
  public Broadcast(RoomEvent event, long position) {
    this.event = Objects.requireNonNull(event, "event");
    this.position = position;
  }

  public RoomEvent event() {
    return event;
  }

  /** The event's number among all the events the registry published, or 0. */
  public long position() {
    return position;
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
        T frame =
            renderer instanceof Positioned<T> positioned ? positioned.apply(event, position) : renderer.apply(event);
        lastFrame = frame == null ? NOTHING : frame;
      }
      lastRenderer = renderer;
      otherRenderer = previousRenderer;
      otherFrame = previousFrame;
    }
    return lastFrame == NOTHING ? null : (T) lastFrame;
  }
}
