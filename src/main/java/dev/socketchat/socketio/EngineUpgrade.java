package dev.socketchat.socketio;

import java.util.Objects;

/**
 * The upgrade of one polling session to a WebSocket: the probing WebSocket and the time it has to complete. It has no
 * lock of its own: its owner calls it with the session's lock held, and its timer calls back into the owner.
 */
final class EngineUpgrade {
  private final EngineClock clock;
  private final long timeoutNanos;
  private Transport probe;
  private boolean answered;
  private EngineClock.Timeout timeout;

  EngineUpgrade(EngineClock clock, long timeoutNanos) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timeoutNanos = timeoutNanos;
  }

  /** Makes the WebSocket the probe; {@code abandon} runs (without the lock) if it has not completed in time. */
  void begin(Transport candidate, Runnable abandon) {
    probe = Objects.requireNonNull(candidate, "candidate");
    answered = false;
    timeout = clock.schedule(abandon, timeoutNanos);
  }

  /** Notes that the probe's {@code 3probe} was written: its client may have paused polling for the switch. */
  void answered() {
    answered = true;
  }

  /** Whether the probe under way had its {@code 3probe} written. */
  boolean wasAnswered() {
    return probe != null && answered;
  }

  /** Whether this WebSocket is the probe under way. */
  boolean probing(Transport candidate) {
    return probe != null && probe == candidate;
  }

  /** Ends the probe, whatever the outcome, and returns the WebSocket that was probing (null when none was). */
  Transport end() {
    Transport ended = probe;
    probe = null;
    answered = false;
    if (timeout != null) {
      timeout.cancel();
      timeout = null;
    }
    return ended;
  }
}
