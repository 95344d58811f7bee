package dev.socketchat.logging;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Keeps the INFO lines that clients can cause at will (rooms created and deleted by their owners, sessions expired,
 * moved or taken over, sockets cut for flooding) to {@link #PER_SECOND} a second across the server, so that no
 * client can fill the log; the lines over it are counted, and their number is logged before the next line that fits.
 */
public final class LogBudget {
  /** How many such lines a second the log takes. */
  static final int PER_SECOND = 20;

  private static final LogBudget SERVER = new LogBudget(PER_SECOND, System::nanoTime);
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  private final int perSecond;
  private final LongSupplier nanos;
  private long secondStart;
  private int used;
  private long left;

  LogBudget(int perSecond, LongSupplier nanos) {
    this.perSecond = perSecond;
    this.nanos = nanos;
    this.secondStart = nanos.getAsLong();
  }

  /** Logs a line at INFO through {@code log} if the server's budget has room for it this second, else counts it. */
  public static void info(System.Logger log, String format, Object... arguments) {
    if (!log.isLoggable(System.Logger.Level.INFO)) {
      return;
    }
    long before = SERVER.admit();
    if (before < 0) {
      return;
    }
    if (before > 0) {
      log.log(
          System.Logger.Level.INFO,
          "{0} line(s) about rooms and sessions left out: over {1} a second",
          Long.toString(before), // as a count, not a number to group (1,234)
          Integer.toString(PER_SECOND));
    }
    log.log(System.Logger.Level.INFO, format, arguments);
  }

  /**
   * Takes one line from this second's budget: the number of lines left out since the last one that fitted (then
   * zeroed), or -1 when this one is left out too.
   */
  synchronized long admit() {
    long now = nanos.getAsLong();
    if (now - secondStart >= SECOND) {
      secondStart = now;
      used = 0;
    }
    if (used >= perSecond) {
      left++;
      return -1;
    }
    used++;
    long before = left;
    left = 0;
    return before;
  }
}
