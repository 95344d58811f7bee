package dev.socketchat.standalone;

import dev.socketchat.threads.DaemonThreads;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler Tyrus runs its session timers on, minus the idle-timeout checks it would run for nothing.
 *
 * <p>Tyrus 2.1 reschedules a session's idle-timeout check on every message sent or received, also when the session
 * has no idle timeout; the check is then due at once and wakes a pool thread that finds nothing to do. socketchat
 * sets no idle timeout (its heartbeat finds dead peers), so that was one thread hand-off per delivered frame, the
 * largest single cost of a broadcast (BENCHMARK.md). Checks due at once are skipped; every other task runs as usual.
 */
final class TyrusScheduler extends ScheduledThreadPoolExecutor {
  static final String IDLE_CHECK = "org.glassfish.tyrus.core.TyrusSession$IdleTimeoutCommand";

  TyrusScheduler() {
    super(2, DaemonThreads.numbered("tyrus-scheduler"));
    setRemoveOnCancelPolicy(true);
  }

  @Override
  public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
    if (delay <= 0 && command.getClass().getName().equals(IDLE_CHECK)) {
      return Skipped.INSTANCE;
    }
    return super.schedule(command, delay, unit);
  }

  /** The handle of a check that was never scheduled: already done, nothing to cancel. */
  private static final class Skipped implements ScheduledFuture<Object> {
    static final Skipped INSTANCE = new Skipped();

    @Override
    public long getDelay(TimeUnit unit) {
      return 0;
    }

    @Override
    public int compareTo(Delayed other) {
      return Long.compare(0, other.getDelay(TimeUnit.NANOSECONDS));
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return false;
    }

    @Override
    public boolean isCancelled() {
      return false;
    }

    @Override
    public boolean isDone() {
      return true;
    }

    @Override
    public Object get() {
      return null;
    }

    @Override
    public Object get(long timeout, TimeUnit unit) {
      return null;
    }
  }
}
