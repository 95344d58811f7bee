package dev.socketchat.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The server's tunables. Each is read from a system property ({@code socketchat.heartbeat.interval}), else the
 * matching environment variable ({@code SOCKETCHAT_HEARTBEAT_INTERVAL}), else its default.
 *
 * @param heartbeatInterval how often an idle connection is pinged
 * @param heartbeatTimeout how long a connection may stay silent (no frame, no pong) before it counts as dead
 * @param outboxLimit how many characters may wait to be sent to one connection before it is closed as too slow
 */
public record Settings(Duration heartbeatInterval, Duration heartbeatTimeout, int outboxLimit) {
  /** Frames over this many bytes are refused by closing the connection with 1009. */
  public static final int MAX_FRAME_BYTES = 64 * 1024;

  public Settings {
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
      throw new IllegalArgumentException("socketchat.heartbeat.interval must be positive");
    }
    if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
      throw new IllegalArgumentException("socketchat.heartbeat.timeout must be longer than the interval");
    }
    if (outboxLimit < MAX_FRAME_BYTES) {
      throw new IllegalArgumentException("socketchat.outbox.limit must be at least " + MAX_FRAME_BYTES);
    }
  }

  /** The defaults: ping every 25 s, drop after 60 s of silence, 1 MiB of backlog per connection. */
  public static Settings defaults() {
    return new Settings(Duration.ofSeconds(25), Duration.ofSeconds(60), 1024 * 1024);
  }

  /** Reads the settings from system properties and the environment. */
  public static Settings fromEnvironment() {
    return from(name -> {
      String property = System.getProperty(name);
      return property != null ? property : System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_'));
    });
  }

  /** Reads the settings through a lookup of dotted names ({@code socketchat.heartbeat.interval}); null means unset. */
  public static Settings from(UnaryOperator<String> lookup) {
    Settings defaults = defaults();
    return new Settings(
        millis(lookup, "socketchat.heartbeat.interval", defaults.heartbeatInterval()),
        millis(lookup, "socketchat.heartbeat.timeout", defaults.heartbeatTimeout()),
        integer(lookup, "socketchat.outbox.limit", defaults.outboxLimit()));
  }

  private static Duration millis(UnaryOperator<String> lookup, String name, Duration fallback) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? fallback : Duration.ofMillis(parse(name, value));
  }

  private static int integer(UnaryOperator<String> lookup, String name, int fallback) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? fallback : Math.toIntExact(parse(name, value));
  }

  private static long parse(String name, String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not \"" + value + "\"", e);
    }
  }
}
