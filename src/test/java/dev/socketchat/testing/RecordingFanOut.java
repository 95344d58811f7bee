package dev.socketchat.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.socketchat.domain.ConnectionId;
import dev.socketchat.domain.FanOut;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A fan-out that keeps every event a registry publishes to it, in order, for tests to take with a time limit, and the
 * seats it is told moved.
 */
public final class RecordingFanOut implements FanOut {
  public static final Duration WAIT = Duration.ofSeconds(10);

  private final BlockingQueue<RoomEvent> events = new LinkedBlockingQueue<>();
  private final BlockingQueue<Moved> moves = new LinkedBlockingQueue<>();

  /** A seat that moved from one connection to another (a session resumed elsewhere). */
  public record Moved(RoomRef room, ConnectionId from, ConnectionId to) {}

  @Override
  public void deliver(RoomEvent event) {
    events.add(event);
  }

  @Override
  public void moved(RoomRef room, ConnectionId from, ConnectionId to) {
    moves.add(new Moved(room, from, to));
  }

  /** The next seat moved; fails the test if none moves in time. */
  public Moved nextMove(Duration within) {
    try {
      Moved move = moves.poll(within.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(move).as("a seat moved within %s", within).isNotNull();
      return move;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The next event; fails the test if none arrives in time. */
  public RoomEvent next() {
    return next(WAIT);
  }

  public RoomEvent next(Duration within) {
    RoomEvent event = poll(within);
    assertThat(event).as("an event within %s", within).isNotNull();
    return event;
  }

  /** The next event, which must be of the given type. */
  public <T extends RoomEvent> T next(Class<T> type) {
    RoomEvent event = next();
    assertThat(event).as("the next event").isInstanceOf(type);
    return type.cast(event);
  }

  /** Takes events until {@code count} have arrived or the time is up; returns what arrived. */
  public List<RoomEvent> take(int count, Duration within) {
    List<RoomEvent> taken = new ArrayList<>();
    long deadline = System.nanoTime() + within.toNanos();
    while (taken.size() < count) {
      RoomEvent event = poll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      if (event == null) {
        break;
      }
      taken.add(event);
    }
    return taken;
  }

  /** Forgets the events received so far. */
  public void clear() {
    events.clear();
  }

  private RoomEvent poll(Duration within) {
    try {
      return events.poll(within.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
