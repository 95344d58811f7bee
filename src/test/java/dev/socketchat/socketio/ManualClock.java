package dev.socketchat.socketio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** An {@link EngineClock} that stands still until a test moves it, then runs the tasks that came due, in order. */
final class ManualClock implements EngineClock {
  private final List<Task> tasks = new ArrayList<>();
  private long now = 1_000_000_000L;
  private long order;
  private boolean stopped;

  @Override
  public synchronized long nanoTime() {
    return now;
  }

  @Override
  public synchronized Timeout schedule(Runnable task, long delayNanos) {
    if (stopped) {
      return null;
    }
    Task scheduled = new Task(now + delayNanos, order++, task);
    tasks.add(scheduled);
    return () -> {
      synchronized (this) {
        tasks.remove(scheduled);
      }
    };
  }

  /** Moves time on, running every task due by then (and those they schedule) at its own time. */
  void advance(Duration step) {
    long until;
    synchronized (this) {
      until = now + step.toNanos();
    }
    while (true) {
      Task next;
      synchronized (this) {
        next = tasks.stream()
            .filter(task -> task.due() - until <= 0)
            .min(Comparator.comparingLong(Task::due).thenComparingLong(Task::order))
            .orElse(null);
        if (next == null) {
          now = until;
          return;
        }
        tasks.remove(next);
        now = Math.max(now, next.due());
      }
      next.run().run();
    }
  }

  /** Moves time on without running anything, as a timer that runs late. */
  synchronized void jump(Duration step) {
    now += step.toNanos();
  }

  /** How many tasks wait to run. */
  synchronized int pending() {
    return tasks.size();
  }

  /** Stops the timer, as on shutdown: later tasks are refused. */
  synchronized void stop() {
    stopped = true;
  }

  private record Task(long due, long order, Runnable run) {}
}
