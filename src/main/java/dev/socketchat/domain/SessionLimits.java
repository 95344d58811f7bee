package dev.socketchat.domain;

import java.time.Duration;
import java.util.Objects;

/**
 * How long a dropped connection's session waits for its client to come back ({@code socketchat.session.*}).
 *
 * @param resumeWindow how long a connection that ended without a close frame keeps its seats, name and rooms for a
 *     resume; zero turns sessions off (a drop leaves at once)
 */
public record SessionLimits(Duration resumeWindow) {
  /** Sessions off: every drop leaves its rooms at once. */
  public static final SessionLimits OFF = new SessionLimits(Duration.ZERO);

  public SessionLimits {
    Objects.requireNonNull(resumeWindow, "resumeWindow");
    if (resumeWindow.isNegative()) {
      throw new IllegalArgumentException("socketchat.session.resume-window must be 0 (off) or more");
    }
  }

  /** A 60 s window. */
  public static SessionLimits defaults() {
    return new SessionLimits(Duration.ofSeconds(60));
  }

  /** Whether dropped connections are kept for a resume at all. */
  public boolean enabled() {
    return !resumeWindow.isZero();
  }
}
