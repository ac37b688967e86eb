package org.yizhan.config;

import java.time.Duration;
import java.util.Optional;

/**
 * How long readings and their rollups are kept, and how often the rollups are brought up to date.
 *
 * @param rawRetention raw readings older than this are dropped, a whole day at a time; at least
 *     {@link #MIN_RAW_RETENTION} (a device may still send readings 7 days old)
 * @param rollup15mRetention 15-minute rollups kept this long; empty keeps them for ever
 * @param rollup1hRetention hourly rollups kept this long; empty keeps them for ever
 * @param rollup1dRetention daily rollups kept this long; empty keeps them for ever
 * @param rollupFold how often (plain PostgreSQL) the readings committed since are folded into the
 *     rollups; readers add the not yet folded ones, so answers are never behind
 */
public record StorageConfig(
    Duration rawRetention,
    Optional<Duration> rollup15mRetention,
    Optional<Duration> rollup1hRetention,
    Optional<Duration> rollup1dRetention,
    Duration rollupFold) {

  /** Readings up to 7 days old are accepted ({@code too_old} beyond): keep at least a day more. */
  public static final Duration MIN_RAW_RETENTION = Duration.ofDays(8);

  /** Rollups answer history ranges of up to 31 days at 15 minutes: keep at least that. */
  public static final Duration MIN_ROLLUP_RETENTION = Duration.ofDays(32);

  /**
   * The longest retention taken: 100 years. Longer would put the cut-off before the earliest time
   * PostgreSQL stores, and every retention run would fail.
   */
  public static final Duration MAX_RETENTION = Duration.ofDays(36_500);

  /** The longest fold period taken: an hour of pending sums is already a lot to add to reads. */
  public static final Duration MAX_FOLD = Duration.ofHours(1);

  public static final StorageConfig DEFAULTS =
      new StorageConfig(
          Duration.ofDays(400),
          Optional.empty(),
          Optional.empty(),
          Optional.empty(),
          Duration.ofSeconds(10));

  public StorageConfig {
    if (rawRetention == null
        || rawRetention.compareTo(MIN_RAW_RETENTION) < 0
        || rawRetention.compareTo(MAX_RETENTION) > 0) {
      throw new IllegalArgumentException(
          "retention.raw.days must be between "
              + MIN_RAW_RETENTION.toDays()
              + " and "
              + MAX_RETENTION.toDays()
              + " days");
    }
    rollup("retention.rollup.15m.days", rollup15mRetention);
    rollup("retention.rollup.1h.days", rollup1hRetention);
    rollup("retention.rollup.1d.days", rollup1dRetention);
    if (rollupFold == null
        || rollupFold.isNegative()
        || rollupFold.isZero()
        || rollupFold.compareTo(MAX_FOLD) > 0) {
      throw new IllegalArgumentException(
          "rollup.fold.s must be between 1 and " + MAX_FOLD.toSeconds());
    }
  }

  /** From whole days; 0 (or less) keeps a rollup for ever. */
  public static Optional<Duration> days(int days) {
    return days <= 0 ? Optional.empty() : Optional.of(Duration.ofDays(days));
  }

  private static void rollup(String key, Optional<Duration> d) {
    if (d == null) {
      throw new IllegalArgumentException(key + " missing");
    }
    if (d.isPresent()
        && (d.get().compareTo(MIN_ROLLUP_RETENTION) < 0 || d.get().compareTo(MAX_RETENTION) > 0)) {
      throw new IllegalArgumentException(
          key
              + " must be 0 (for ever) or between "
              + MIN_ROLLUP_RETENTION.toDays()
              + " and "
              + MAX_RETENTION.toDays()
              + " days");
    }
  }
}
