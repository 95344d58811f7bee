package dev.socketchat.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Polls a condition on another process's state (which sends no notice when it changes) until it holds or a time limit
 * passes; the polling interval is short and the limit, not the interval, decides the outcome.
 */
public final class Eventually {
  private Eventually() {}

  /** Returns the last value once {@code done} accepts it; throws AssertionError with that value on timeout. */
  public static <T> T await(Duration within, Supplier<T> probe, java.util.function.Predicate<T> done, String what) {
    long deadline = System.nanoTime() + within.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + within + " waiting for " + what + "; last seen: " + last);
      }
      LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
      last = probe.get();
    }
    return last;
  }
}
