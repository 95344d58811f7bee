package dev.socketchat.connection;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * The times this process stood still (a long garbage collection, a frozen or suspended process, a starved machine), as
 * the heartbeat's timer finds them: a peer could be neither heard nor written to meanwhile, so that time does not count
 * against it. Used on the timer's thread only.
 */
final class Standstills {
  /**
   * The timer runs at least every second: a gap this long between the end of one of its runs and the start of the next
   * means the process stood still.
   */
  static final long GAP = TimeUnit.SECONDS.toNanos(2);

  private final long kept;
  private final Deque<long[]> recent = new ArrayDeque<>(); // {from, to}, oldest first
  private long lastRun;

  /**
   * @param keptNanos how long a standstill matters after it ended: the longest timeout it excuses (a peer still silent
   *     that long after it has been silent too long in any case)
   * @param now the {@link System#nanoTime()} the timer starts at
   */
  Standstills(long keptNanos, long now) {
    this.kept = keptNanos;
    this.lastRun = now;
  }

  /** A run of the timer starts at {@code now}; returns how long the process stood still before it (0: it did not). */
  long starting(long now) {
    long gap = now - lastRun;
    while (!recent.isEmpty() && now - recent.peekFirst()[1] > kept) {
      recent.removeFirst();
    }
    if (gap <= GAP) {
      return 0;
    }
    recent.addLast(new long[] {lastRun, now});
    return gap;
  }

  /** A run of the timer ended at {@code now}. */
  void finished(long now) {
    lastRun = now;
  }

  /** How much of the time from {@code since} to now the process stood still. */
  long since(long since) {
    long stood = 0;
    for (long[] standstill : recent) {
      long from = standstill[0] - since > 0 ? standstill[0] : since;
      if (standstill[1] - from > 0) {
        stood += standstill[1] - from;
      }
    }
    return stood;
  }
}
