package dev.socketchat.config;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The server's tunables. Each is read from a system property ({@code socketchat.heartbeat.interval}), else the
 * matching environment variable ({@code SOCKETCHAT_HEARTBEAT_INTERVAL}), else, in a web application, the context
 * parameter of the dotted name, else its default.
 *
 * @param heartbeatInterval how often an idle connection is pinged
 * @param heartbeatTimeout how long a connection may stay silent (no frame, no pong) before it counts as dead
 * @param outboxLimit how many characters may wait to be sent to one connection before it is closed as too slow
 * @param cluster whether and how this node shares its rooms with other nodes through Redis
 */
public record Settings(Duration heartbeatInterval, Duration heartbeatTimeout, int outboxLimit, Cluster cluster) {
  /** Frames over this many bytes are refused by closing the connection with 1009. */
  public static final int MAX_FRAME_BYTES = 64 * 1024;

  public Settings {
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    Objects.requireNonNull(heartbeatTimeout, "heartbeatTimeout");
    Objects.requireNonNull(cluster, "cluster");
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

  /** Settings of a single node (no cluster). */
  public Settings(Duration heartbeatInterval, Duration heartbeatTimeout, int outboxLimit) {
    this(heartbeatInterval, heartbeatTimeout, outboxLimit, Cluster.NONE);
  }

  /**
   * Cluster mode: the Redis server that holds the rooms of every node, or none for a single node.
   *
   * @param redis the Redis address ({@code redis://host:port}), or null for a single node with rooms in memory
   * @param timeout how long one Redis command may take before the request fails with {@code UNAVAILABLE}
   * @param liveness how long a node that stopped reporting counts as alive; then other nodes remove its members
   */
  public record Cluster(URI redis, Duration timeout, Duration liveness) {
    /** A single node: no Redis. */
    public static final Cluster NONE = new Cluster(null, Duration.ofSeconds(2), Duration.ofSeconds(8));

    private static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-socket", "redis-sentinel");

    public Cluster {
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(liveness, "liveness");
      if (redis != null && (redis.getScheme() == null || !SCHEMES.contains(redis.getScheme()))) {
        throw new IllegalArgumentException(
            "socketchat.redis.url must be a redis:// (or rediss://, redis-sentinel://) address, not \"" + redis + "\"");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("socketchat.redis.timeout must be positive");
      }
      if (liveness.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("socketchat.redis.liveness must be at least 1000 ms");
      }
    }

    /** Whether this node shares its rooms through Redis. */
    public boolean enabled() {
      return redis != null;
    }
  }

  /** The defaults: ping every 25 s, drop after 60 s of silence, 1 MiB of backlog per connection, a single node. */
  public static Settings defaults() {
    return new Settings(Duration.ofSeconds(25), Duration.ofSeconds(60), 1024 * 1024, Cluster.NONE);
  }

  /** Reads the settings from system properties and the environment. */
  public static Settings fromEnvironment() {
    return fromEnvironment(name -> null);
  }

  /**
   * Reads the settings from system properties and the environment, then from {@code fallback} (a web application's
   * context parameters) for what neither sets.
   */
  public static Settings fromEnvironment(UnaryOperator<String> fallback) {
    Objects.requireNonNull(fallback, "fallback");
    return from(name -> {
      String property = System.getProperty(name);
      if (property != null) {
        return property;
      }
      String variable = System.getenv(name.toUpperCase(Locale.ROOT).replace('.', '_'));
      return variable != null ? variable : fallback.apply(name);
    });
  }

  /** Reads the settings through a lookup of dotted names ({@code socketchat.heartbeat.interval}); null means unset. */
  public static Settings from(UnaryOperator<String> lookup) {
    Settings defaults = defaults();
    return new Settings(
        millis(lookup, "socketchat.heartbeat.interval", defaults.heartbeatInterval()),
        millis(lookup, "socketchat.heartbeat.timeout", defaults.heartbeatTimeout()),
        integer(lookup, "socketchat.outbox.limit", defaults.outboxLimit()),
        new Cluster(
            uri(lookup, "socketchat.redis.url"),
            millis(lookup, "socketchat.redis.timeout", Cluster.NONE.timeout()),
            millis(lookup, "socketchat.redis.liveness", Cluster.NONE.liveness())));
  }

  private static Duration millis(UnaryOperator<String> lookup, String name, Duration fallback) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? fallback : Duration.ofMillis(parse(name, value));
  }

  private static int integer(UnaryOperator<String> lookup, String name, int fallback) {
    String value = lookup.apply(name);
    return value == null || value.isBlank() ? fallback : Math.toIntExact(parse(name, value));
  }

  private static URI uri(UnaryOperator<String> lookup, String name) {
    String value = lookup.apply(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return new URI(value.strip());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException(name + " is not an address: \"" + value + "\"", e);
    }
  }

  private static long parse(String name, String value) {
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, not \"" + value + "\"", e);
    }
  }
}
