package dev.socketchat.cluster;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * This node's estimate of Redis's clock, so that a request can carry its deadline in Redis's time and a script that
 * reaches Redis after it changes nothing. Each sample is Redis's time as a script read it, with this node's clock
 * when the script was sent and when its reply came: Redis read its time between the two, so its clock was at least
 * {@code redis - received} ahead of this node's, and at most {@code redis - sent}. The estimate is the highest lower
 * bound of the recent samples: it never puts a deadline later than the request's own, only (by a round trip) earlier.
 */
final class RedisClock {
  /** How many recent samples count (at four a liveness time, two liveness times' worth), so drift never adds up. */
  private static final int SAMPLES = 8;

  // lower bounds of (Redis's time - this node's) in ms, newest last
  private final Deque<Long> offsets = new ArrayDeque<>();
  private long offset;

  /**
   * Notes Redis's time as a script read it.
   *
   * @param redisMillis Redis {@code TIME}, in ms since the epoch
   * @param sentNanos {@link System#nanoTime()} before the script was sent
   * @param receivedNanos {@link System#nanoTime()} after its reply came
   */
  synchronized void sample(long redisMillis, long sentNanos, long receivedNanos) {
    long lowest = redisMillis - Math.floorDiv(receivedNanos, 1_000_000L) - 1;
    long highest = redisMillis - Math.floorDiv(sentNanos, 1_000_000L) + 1;
    if (!offsets.isEmpty() && offset > highest) {
      offsets.clear(); // Redis's clock was set back: the older samples no longer hold
    }
    offsets.addLast(lowest);
    if (offsets.size() > SAMPLES) {
      offsets.removeFirst();
    }
    offset = offsets.stream().mapToLong(Long::longValue).max().orElseThrow();
  }

  /**
   * The Redis time by which a request sent now must have been applied, or 0 (no deadline) before any sample.
   *
   * @param within how long after now, by this node's clock
   */
  long deadline(Duration within) {
    return deadline(System.nanoTime(), within);
  }

  /** The Redis time by which a request sent at {@code nowNanos} ({@link System#nanoTime()}) must have been applied. */
  synchronized long deadline(long nowNanos, Duration within) {
    if (offsets.isEmpty()) {
      return 0;
    }
    return Math.floorDiv(nowNanos, 1_000_000L) + offset + within.toMillis();
  }
}
