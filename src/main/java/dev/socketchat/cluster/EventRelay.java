package dev.socketchat.cluster;

import dev.socketchat.domain.FanOut;
import dev.socketchat.domain.RoomEvent;
import dev.socketchat.domain.RoomId;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands the events from Redis to this node's fan-out on one thread, in the order they were published, so each room's
 * events reach the node's members in the order they happened; the Redis I/O thread only queues them. On the way it
 * notes the highest room number seen and forgets the memberships of rooms that ended.
 */
final class EventRelay implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(EventRelay.class.getName());

  private final FanOut fanOut;
  private final Journal journal;
  private final ExecutorService thread;
  private final AtomicInteger highestRoom = new AtomicInteger();

  EventRelay(FanOut fanOut, Journal journal, String node) {
    this.fanOut = Objects.requireNonNull(fanOut, "fanOut");
    this.journal = Objects.requireNonNull(journal, "journal");
    this.thread =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread delivery = new Thread(runnable, "socketchat-events-" + node);
              delivery.setDaemon(true);
              return delivery;
            });
  }

  /** Queues one published message; called on the subscriber's I/O thread, in publishing order. */
  void received(String message) {
    submit(() -> deliver(PublishedEvents.read(message)));
  }

  /** Queues an event this node tells only its own members (a room or membership it found gone while resyncing). */
  void local(RoomEvent event) {
    submit(() -> deliver(event));
  }

  /** Notes a room number handed out by this node. */
  void allocated(RoomId room) {
    highestRoom.accumulateAndGet(room.value(), Math::max);
  }

  /** The highest room number this node has seen, so a Redis that lost its counter never repeats one. */
  int highestRoom() {
    return highestRoom.get();
  }

  private void deliver(RoomEvent event) {
    if (event.room() instanceof RoomId id) {
      allocated(id);
      if (event.kind() == RoomEvent.Kind.ROOM_DELETED) {
        journal.forgetRoom(id);
      }
    }
    fanOut.deliver(event);
  }

  private void submit(Runnable delivery) {
    try {
      thread.execute(
          () -> {
            try {
              delivery.run();
            } catch (RuntimeException e) {
              LOG.log(System.Logger.Level.WARNING, "an event from Redis could not be delivered", e);
            }
          });
    } catch (RejectedExecutionException closed) {
      // the node is shutting down: nobody is left to deliver to
    }
  }

  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
