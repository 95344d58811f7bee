package dev.socketchat.standalone;

import java.util.concurrent.Semaphore;

/**
 * The places of a bounded request pool (its threads plus its queue): a request takes one, and its thread ends it, or
 * the next request of the same keep-alive connection takes it over.
 *
 * <p>Ending a place and handing it over exclude each other under the place's lock, its return to the pool included: a
 * next request that finds the place ended finds it back in the pool too. (With the return outside, a request sent the
 * moment the previous answer arrived could find the place neither held nor returned, the pool full, and have its
 * connection closed unanswered.)
 */
final class PoolPlaces {
  private final Semaphore free;

  PoolPlaces(int places) {
    this.free = new Semaphore(places);
  }

  /**
   * A place for a request whose connection's previous request held {@code previous} (null for none): that one, taken
   * over, while its thread has not ended it; else a free one; null when there is none.
   */
  Place take(Place previous) {
    if ((previous == null || !previous.handOver()) && !free.tryAcquire()) {
      return null;
    }
    return new Place();
  }

  /** A request's place in the pool: ended by its thread, or handed over to its connection's next request. */
  final class Place {
    private boolean held = true; // guarded by this

    /** Takes the place over for the connection's next request; false when the request's thread ended it first. */
    synchronized boolean handOver() {
      boolean was = held;
      held = false;
      return was;
    }

    /** The request's thread is done: the place goes back to the pool unless the next request took it over. */
    synchronized void end() {
      if (held) {
        held = false;
        free.release();
      }
    }
  }
}
