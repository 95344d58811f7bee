package dev.socketchat.domain;

/** A token bucket: up to {@code capacity} tokens, refilled continuously at a rate; each admitted action takes one. */
final class TokenBucket {
  /** What a {@link #take} found. */
  enum Take {
    /** A token, and at least one more left: the taker is within its limit. */
    WITHIN_LIMIT,
    /** The last whole token (one that just came back, after a burst): the taker goes as fast as its limit lets it. */
    AT_LIMIT,
    /** No token: the action is refused. */
    REFUSED
  }

  private final double tokensPerNano;
  private final double capacity;
  private double tokens;
  private long last;

  /** A full bucket; a rate of 0 makes one that always admits. */
  TokenBucket(double perSecond, int capacity, long nowNanos) {
    this.tokensPerNano = perSecond / 1e9;
    this.capacity = capacity;
    this.tokens = capacity;
    this.last = nowNanos;
  }

  /** Takes a token if there is one, and says whether one was left over. */
  synchronized Take take(long nowNanos) {
    if (tokensPerNano == 0) {
      return Take.WITHIN_LIMIT;
    }
    tokens = Math.min(capacity, tokens + (nowNanos - last) * tokensPerNano);
    last = nowNanos;
    if (tokens < 1) {
      return Take.REFUSED;
    }
    tokens -= 1;
    return tokens >= 1 ? Take.WITHIN_LIMIT : Take.AT_LIMIT;
  }
}
