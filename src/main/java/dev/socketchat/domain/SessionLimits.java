package dev.socketchat.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a dropped connection's session waits for its client to come back ({@code socketchat.session.*}).
 *
 * @param resumeWindow how long a connection that ended without a close frame keeps its seats, name and rooms for a
 *     resume; zero turns sessions off (a drop leaves at once)
 * @param unnoticedDrop the longest a transport that went dead may go unnoticed before its loss is reported (the
 *     heartbeat's timeout and one beat): a room the session lost is kept that much longer than the window, so that the
 *     frames of its end that a dead network swallowed are still replayed when the loss comes to light late
 */
public record SessionLimits(Duration resumeWindow, Duration unnoticedDrop) {
  /** Sessions off: every drop leaves its rooms at once. */
  public static final SessionLimits OFF = new SessionLimits(Duration.ZERO);

  public SessionLimits {
    Objects.requireNonNull(resumeWindow, "resumeWindow");
    Objects.requireNonNull(unnoticedDrop, "unnoticedDrop");
    if (resumeWindow.isNegative()) {
      throw new IllegalArgumentException("socketchat.session.resume-window must be 0 (off) or more");
    }
    if (unnoticedDrop.isNegative()) {
      throw new IllegalArgumentException("a drop cannot be noticed before it happens");
    }
  }

  /** A window for drops that are noticed at once (a transport's own close or reset). */
  public SessionLimits(Duration resumeWindow) {
    this(resumeWindow, Duration.ZERO);
  }

  /** A 60 s window. */
  public static SessionLimits defaults() {
    return new SessionLimits(Duration.ofSeconds(60));
  }

  /** These limits, for transports whose death may go unnoticed for up to {@code unnoticed}. */
  public SessionLimits noticingDropsWithin(Duration unnoticed) {
    return new SessionLimits(resumeWindow, unnoticed);
  }

  /** Whether dropped connections are kept for a resume at all. */
  public boolean enabled() {
    return !resumeWindow.isZero();
  }

  /**
   * How long a session keeps a room it lost (the room ended, or it was kicked from it), and the registry the room's
   * events to the loss, for a replay: the resume window, counted from the latest a drop at the loss comes to light.
   */
  public Duration linger() {
    return enabled() ? resumeWindow.plus(unnoticedDrop) : Duration.ZERO;
  }
}
