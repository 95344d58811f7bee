package dev.socketchat.socketio;

import java.time.Duration;
import java.util.Objects;

/**
 * The heartbeat of one Engine.IO session: a ping every interval, and a deadline by which the pong must come. It has no
 * lock of its own: its owner calls it with the session's lock held, and its timers call back into the owner, which
 * takes that lock.
 */
final class EngineHeartbeat {
  private final EngineClock clock;
  private final long intervalNanos;
  private final long timeoutNanos;
  private final Runnable pingDue;
  private final Runnable timedOut;
  private EngineClock.Timeout nextPing;
  private EngineClock.Timeout pongTimeout;
  private long pongDeadline;

  /**
   * @param pingDue called (without the lock) when the next ping is due; it takes the lock and calls {@link #pinged}
   * @param timedOut called (without the lock) when a pong did not come in time
   */
  EngineHeartbeat(
      EngineClock clock, Duration interval, Duration timeout, Runnable pingDue, Runnable timedOut) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.intervalNanos = interval.toNanos();
    this.timeoutNanos = timeout.toNanos();
    this.pingDue = Objects.requireNonNull(pingDue, "pingDue");
    this.timedOut = Objects.requireNonNull(timedOut, "timedOut");
  }

  /**
   * Schedules the next ping. The pong for it is due one interval plus one timeout from now (later if the ping goes
   * out late).
   */
  void start() {
    pongDeadline = clock.nanoTime() + intervalNanos + timeoutNanos;
    nextPing = clock.schedule(pingDue, intervalNanos);
  }

  /** The ping went out: the peer has one timeout from now, even if the timer ran late. */
  void pinged() {
    nextPing = null;
    long due = clock.nanoTime() + timeoutNanos;
    if (due - pongDeadline > 0) {
      pongDeadline = due;
    }
    pongTimeout = clock.schedule(timedOut, timeoutNanos);
  }

  /** A pong came: when it answers a ping, the next ping is scheduled; a pong nobody asked for changes nothing. */
  void pong() {
    if (pongTimeout != null) {
      pongTimeout.cancel();
      pongTimeout = null;
      start();
    }
  }

  /** Whether the peer failed to answer a ping in time, even if the timer has not fired yet. */
  boolean expired() {
    return clock.nanoTime() - pongDeadline > 0;
  }

  /** Cancels both timers. */
  void stop() {
    cancel(nextPing);
    cancel(pongTimeout);
    nextPing = null;
    pongTimeout = null;
  }

  private static void cancel(EngineClock.Timeout task) {
    if (task != null) {
      task.cancel();
    }
  }
}
