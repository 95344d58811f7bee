package dev.socketchat.standalone;

import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * How the standalone runner bounds plain HTTP requests ({@code socketchat.http.*}): the threads that run them, the
 * requests that may wait for one, how long one blocking read or write may wait for the peer, and how many connections
 * may be open at once.
 *
 * @param threads threads that run HTTP requests (servlets, static files); WebSocket frames never use them
 * @param queue requests that may wait for a thread; a connection whose request finds the queue full is closed
 * @param ioTimeout how long a request's body read or response write may wait for the peer before the connection is
 *     closed
 * @param maxConnections open connections (HTTP and WebSocket) beyond which a new one is answered 503 and closed
 *     ({@link ConnectionCapFilter})
 */
record HttpLimits(int threads, int queue, Duration ioTimeout, int maxConnections) {
  HttpLimits {
    if (threads < 1) {
      throw new IllegalArgumentException("socketchat.http.threads must be at least 1");
    }
    if (queue < 0) {
      throw new IllegalArgumentException("socketchat.http.queue must not be negative");
    }
    if (ioTimeout.isNegative() || ioTimeout.isZero()) {
      throw new IllegalArgumentException("socketchat.http.io-timeout must be positive");
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException("socketchat.http.max-connections must be at least 1");
    }
  }

  /** The requests the pool holds at once, running and waiting: threads plus queue, at most the largest int. */
  int places() {
    return (int) Math.min(Integer.MAX_VALUE, (long) threads + queue);
  }

  /**
   * 32 threads, 1,000 waiting requests, 20 s per read or write, connections up to a little below the open-file limit
   * ({@link ConnectionCapFilter#defaultMax()}).
   */
  static HttpLimits defaults() {
    return new HttpLimits(32, 1000, Duration.ofSeconds(20), ConnectionCapFilter.defaultMax());
  }

  /** Reads the limits through a lookup of dotted names; null means unset. */
  static HttpLimits from(UnaryOperator<String> lookup) {
    HttpLimits defaults = defaults();
    return new HttpLimits(
        (int) number(lookup, "socketchat.http.threads", defaults.threads()),
        (int) number(lookup, "socketchat.http.queue", defaults.queue()),
        Duration.ofMillis(number(lookup, "socketchat.http.io-timeout", defaults.ioTimeout().toMillis())),
        (int) number(lookup, "socketchat.http.max-connections", defaults.maxConnections()));
  }

  private static long number(UnaryOperator<String> lookup, String name, long fallback) {
    String value = lookup.apply(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Math.toIntExact(Long.parseLong(value.strip()));
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not \"" + value + "\"", e);
    }
  }
}
