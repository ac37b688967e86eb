package org.yizhan.storage;

import java.time.Duration;

/**
 * A rollup level: its width, the server-kept table on plain PostgreSQL and the continuous aggregate
 * on TimescaleDB. Buckets start at midnight in China, so daily buckets are calendar days there.
 */
public enum Rollup {
  M15(Duration.ofMinutes(15), "rollup_15m", "reading_15m", "1 hour"),
  H1(Duration.ofHours(1), "rollup_1h", "reading_1h", "3 hours"),
  D1(Duration.ofDays(1), "rollup_1d", "reading_1d", "1 day");

  /** Buckets start at midnight China time. */
  public static final String ORIGIN = "TIMESTAMPTZ '2000-01-01 00:00:00+08'";

  private final Duration width;
  private final String table;
  private final String aggregate;
  private final String refreshLag;

  Rollup(Duration width, String table, String aggregate, String refreshLag) {
    this.width = width;
    this.table = table;
    this.aggregate = aggregate;
    this.refreshLag = refreshLag;
  }

  public Duration width() {
    return width;
  }

  /** The width as a PostgreSQL interval literal's text. */
  public String interval() {
    return width.toSeconds() + " seconds";
  }

  /** The table the server keeps on plain PostgreSQL. */
  public String table() {
    return table;
  }

  /** The continuous aggregate on TimescaleDB. */
  public String aggregate() {
    return aggregate;
  }

  /** How far behind now the aggregate's refresh policy stops (real-time aggregation covers it). */
  String refreshLag() {
    return refreshLag;
  }

  /** The start of the bucket {@code t} falls in. */
  public java.time.Instant floor(java.time.Instant t) {
    return java.time.Instant.ofEpochSecond(floorSecond(t.getEpochSecond()));
  }

  /** The start of the bucket the second {@code epochSecond} falls in, in seconds. */
  long floorSecond(long epochSecond) {
    long w = width.toSeconds();
    return ORIGIN_EPOCH_SECOND + Math.floorDiv(epochSecond - ORIGIN_EPOCH_SECOND, w) * w;
  }

  /** {@link #ORIGIN} in seconds since the epoch: 1999-12-31T16:00:00Z. */
  static final long ORIGIN_EPOCH_SECOND = 946_656_000L;

  /** The level of a width, or null when none is kept at that width. */
  public static Rollup ofWidth(Duration width) {
    for (Rollup r : values()) {
      if (r.width.equals(width)) {
        return r;
      }
    }
    return null;
  }
}
