package dev.socketchat.domain;

import java.time.Duration;

/**
 * How fast one connection may ask for things: chat messages and other requests, each through a token bucket that
 * holds {@code burst} tokens and refills at its rate; and how many refusals in a row end a connection that keeps
 * flooding. A rate of 0 turns that bucket off.
 *
 * @param messagesPerSecond chat messages a connection may send per second, on average
 * @param messageBurst chat messages it may send at once after a quiet spell
 * @param requestsPerSecond other requests (create, join, delete, list, name, announcements) per second
 * @param requestBurst other requests at once
 * @param refusalsToClose refusals for flooding in a row after which the connection is closed (1008)
 */
public record FloodLimits(
    double messagesPerSecond, int messageBurst, double requestsPerSecond, int requestBurst, int refusalsToClose) {
  /** No limits at all. */
  public static final FloodLimits NONE = new FloodLimits(0, 1, 0, 1, Integer.MAX_VALUE);

  public FloodLimits {
    if (messagesPerSecond < 0 || requestsPerSecond < 0) {
      throw new IllegalArgumentException("socketchat.limits rates must be 0 (off) or positive");
    }
    if (messageBurst < 1 || requestBurst < 1 || refusalsToClose < 1) {
      throw new IllegalArgumentException("socketchat.limits bursts and refusals-to-close must be at least 1");
    }
  }

  /** How long an emptied bucket takes to fill again: the longer of the two, zero when both are off. */
  public Duration refill() {
    double seconds =
        Math.max(
            messagesPerSecond == 0 ? 0 : messageBurst / messagesPerSecond,
            requestsPerSecond == 0 ? 0 : requestBurst / requestsPerSecond);
    return Duration.ofNanos((long) Math.ceil(seconds * 1e9));
  }

  /**
   * Limits no person typing ever meets, however fast: 30 messages a second, 20 other requests a second. The bursts
   * (300 messages, 200 requests) are ten seconds' worth, because the buckets count requests as the server reads them:
   * a busy server that reads a connection late must not take a steady sender for a flooder. 100 refusals in a row
   * close the connection.
   */
  public static FloodLimits defaults() {
    return new FloodLimits(30, 300, 20, 200, 100);
  }
}
