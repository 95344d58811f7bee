package dev.socketchat.socketio;

/** The time Engine.IO sessions keep: a monotonic clock and a one-shot timer, which tests drive by hand. */
interface EngineClock {

  /** Now, in nanoseconds, as {@link System#nanoTime()} counts (only differences mean anything). */
  long nanoTime();

  /**
   * Runs a task once after the given delay (nanoseconds); the task must not block.
   *
   * @return a handle that cancels the task, or null when the timer has stopped (the task never runs)
   */
  Timeout schedule(Runnable task, long delayNanos);

  /** A task waiting to run. */
  interface Timeout {
    /** Keeps the task from running, if it has not started yet. */
    void cancel();
  }
}
