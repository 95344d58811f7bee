package dev.socketchat.domain;

/** A token bucket: up to {@code capacity} tokens, refilled continuously at a rate; each admitted action takes one. */
final class TokenBucket {
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

  /** Takes a token if there is one. */
  synchronized boolean take(long nowNanos) {
    if (tokensPerNano == 0) {
      return true;
    }
    tokens = Math.min(capacity, tokens + (nowNanos - last) * tokensPerNano);
    last = nowNanos;
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }
}
