package dev.socketchat.metrics;

/**
 * Whether the server keeps metrics and who may read them.
 *
 * @param enabled {@code socketchat.metrics.enabled}: false keeps no meters and answers {@code /metrics} with 404
 * @param token {@code socketchat.metrics.token}: when set, {@code /metrics} answers only requests that carry {@code
 *     Authorization: Bearer <token>}; null leaves it open
 */
public record MetricsSettings(boolean enabled, String token) {
  public MetricsSettings {
    if (token != null && token.isBlank()) {
      token = null;
    }
  }

  /** Metrics on, open to all. */
  public static MetricsSettings defaults() {
    return new MetricsSettings(true, null);
  }
}
