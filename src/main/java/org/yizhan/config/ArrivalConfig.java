package org.yizhan.config;

import java.time.Duration;

/**
 * Free seats on arrival (docs/stations.md "Free seats on arrival").
 *
 * @param enabled whether nearby answers carry the {@code arrival} prediction; off only to measure
 *     what it costs (the nearby answer then has no {@code arrival} field)
 * @param refresh how often the model is rebuilt from the hourly rollup
 */
public record ArrivalConfig(boolean enabled, Duration refresh) {

  public static final ArrivalConfig DEFAULTS = new ArrivalConfig(true, Duration.ofHours(1));

  public ArrivalConfig {
    if (refresh.compareTo(Duration.ofMinutes(1)) < 0) {
      throw new IllegalArgumentException("arrival.refresh.minutes must be at least 1");
    }
  }

  /** Reads {@code true}/{@code false} strictly: a typo must not silently turn predictions off. */
  static boolean parseEnabled(String value) {
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException("arrival.enabled must be true or false: " + value);
    };
  }
}
