package org.yizhan.config;

import java.util.Optional;

/**
 * The Prometheus endpoint ({@code GET /metrics}, docs/operations.md "Metrics").
 *
 * @param enabled whether meters are kept and {@code /metrics} is served; off only to measure what
 *     they cost
 * @param token when present, {@code /metrics} answers only a request with {@code Authorization:
 *     Bearer <token>}; absent, it is open on the HTTP port like {@code /health/ready}
 */
public record MetricsConfig(boolean enabled, Optional<String> token) {

  public static final MetricsConfig DEFAULTS = new MetricsConfig(true, Optional.empty());

  public MetricsConfig {
    java.util.Objects.requireNonNull(token, "token");
    if (token.isPresent() && token.get().length() < 16) {
      throw new IllegalArgumentException("metrics.token must have at least 16 characters");
    }
  }

  /** Reads {@code true}/{@code false} strictly: a typo must not silently turn metrics off. */
  static boolean parseEnabled(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException("metrics.enabled must be true or false: " + value);
    };
  }
}
