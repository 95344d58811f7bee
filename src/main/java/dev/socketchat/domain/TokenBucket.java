package dev.socketchat.domain;

/** A token bucket: up to {@code capacity} tokens, refilled continuously at a rate; each admitted action takes one. */
final class TokenBucket {
  /** What a {@link #take} found. */
  enum Take {
    /**
     * A token, and no refusal for at least the time a token takes to come back, and at least a second: the taker is
     * within its limit.
     */
    WITHIN_LIMIT,
    /**
     * A token that came back while the taker went on asking faster than the rate (it was refused less than a token's
     * time, or less than a second, before): a flooder gets one such each time a token comes back, also one that
     * pauses a token's time between its bursts.
     */
    AT_LIMIT,
    /** No token: the action is refused. */
    REFUSED
  }

  /** The least time since the last refusal after which a taker counts as having slowed down. */
  private static final long QUIET_NANOS = 1_000_000_000L;

  private final double tokensPerNano;
  private final long quietNanos;
  private final double capacity;
  private double tokens;
  private long last;
  private boolean refusedOnce;
  private long lastRefused;

  /** A full bucket; a rate of 0 makes one that always admits. */
  TokenBucket(double perSecond, int capacity, long nowNanos) {
    this.tokensPerNano = perSecond / 1e9;
    this.quietNanos = perSecond == 0 ? 0 : Math.max(QUIET_NANOS, (long) Math.ceil(1e9 / perSecond));
    this.capacity = capacity;
    this.tokens = capacity;
    this.last = nowNanos;
  }

  /** Whether the taker went without a refusal of this bucket for long enough to count as having slowed down. */
  synchronized boolean quiet(long nowNanos) {
    return !refusedOnce || nowNanos - lastRefused >= quietNanos;
  }

  /** Takes a token if there is one, and says whether the taker was refused a token's time (or a second) before. */
  synchronized Take take(long nowNanos) {
    if (tokensPerNano == 0) {
      return Take.WITHIN_LIMIT;
    }
    tokens = Math.min(capacity, tokens + (nowNanos - last) * tokensPerNano);
    last = nowNanos;
    if (tokens < 1) {
      refusedOnce = true;
      lastRefused = nowNanos;
      return Take.REFUSED;
    }
    tokens -= 1;
    return refusedOnce && nowNanos - lastRefused < quietNanos ? Take.AT_LIMIT : Take.WITHIN_LIMIT;
  }
}
