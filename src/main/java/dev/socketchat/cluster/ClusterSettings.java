package dev.socketchat.cluster;

import io.lettuce.core.RedisURI;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Cluster mode's settings: the Redis server that holds the rooms of every node, or none for a single node.
 *
 * @param redis the Redis address ({@code redis://host:port}), or null for a single node with rooms in memory
 * @param timeout how long one Redis command may take before the request fails with {@code UNAVAILABLE}
 * @param liveness how long a node that stopped reporting counts as alive; then other nodes remove its members
 */
public record ClusterSettings(URI redis, Duration timeout, Duration liveness) {
  /** A single node: no Redis. */
  public static final ClusterSettings NONE = new ClusterSettings(null, Duration.ofSeconds(2), Duration.ofSeconds(8));

  private static final Set<String> SCHEMES = Set.of("redis", "rediss", "redis-socket", "redis-sentinel");

  public ClusterSettings {
    Objects.requireNonNull(timeout, "timeout");
    Objects.requireNonNull(liveness, "liveness");
    if (redis != null && (redis.getScheme() == null || !SCHEMES.contains(redis.getScheme()))) {
      throw new IllegalArgumentException(
          "socketchat.redis.url must be a redis:// (or rediss://, redis-sentinel://) address, not \"" + redis + "\"");
    }
    if (redis != null) {
      requireUsable(redis);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("socketchat.redis.timeout must be positive");
    }
    if (liveness.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("socketchat.redis.liveness must be at least 1000 ms");
    }
  }

  /** Refuses an address the Redis client cannot use. */
  private static void requireUsable(URI redis) {
    RedisURI parsed;
    try {
      parsed = RedisURI.create(redis);
    } catch (RuntimeException e) {
      // the client's message may quote the address, and with it a password: only an address without one is quoted
      String why = redis.getRawUserInfo() == null ? e.getMessage() : e.getClass().getSimpleName();
      throw new IllegalArgumentException("socketchat.redis.url is no address the Redis client can read: " + why);
    }
    if (parsed.getSocket() == null
        && parsed.getSentinels().isEmpty()
        && (parsed.getPort() < 1 || parsed.getPort() > 65_535)) {
      throw new IllegalArgumentException(
          "socketchat.redis.url: port " + parsed.getPort() + " is out of range (1 to 65535)");
    }
  }

  /** Whether this node shares its rooms through Redis. */
  public boolean enabled() {
    return redis != null;
  }
}
