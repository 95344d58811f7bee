package dev.socketchat.cluster;

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
