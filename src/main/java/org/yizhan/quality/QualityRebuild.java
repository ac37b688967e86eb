package org.yizhan.quality;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.yizhan.telemetry.Reading;

/**
 * Gives the quality judge back what it knew before a restart: the recent stored readings of every
 * enabled device, oldest first, with the flags they were stored with, for {@link
 * ReadingQuality#observe}. A stuck sensor is then still stuck at the next reading, counters are
 * judged against their last stored value, and the clock estimate has its recent receipts.
 *
 * <p>Bounded twice: readings of the last {@link #window} only (the longest stuck run the rules wait
 * for, plus two clock windows), and at most {@link #PER_DEVICE} per device (the newest). One query;
 * per device it walks {@code reading_station_time_idx} backwards from now and stops after that many
 * rows, so the cost grows with devices times readings kept, not with the table. A run longer than
 * what is read back is not lost: its stored {@code stuck} flag says it was long enough (see {@link
 * ReadingQuality#observe}).
 */
public final class QualityRebuild {

  /**
   * The newest readings read back per device: 4 hours at the usual 60 s interval, enough for every
   * rule without the stored flag's help.
   */
  static final int PER_DEVICE = 256;

  private static final String RECENT =
      "SELECT r.station_id, r.device_id, r.seq, r.time, r.occupancy, r.entries, r.exits,"
          + " r.temperature_c, r.humidity_pct, r.received_at, coalesce(r.flags, 0) AS flags"
          + " FROM device d CROSS JOIN LATERAL ("
          + " SELECT * FROM reading r WHERE r.station_id = d.station_id AND r.device_id = d.id"
          + " AND r.time > ? ORDER BY r.time DESC LIMIT ?) r"
          + " WHERE d.disabled_at IS NULL"
          + " ORDER BY r.device_id, r.time, r.seq";

  private QualityRebuild() {}

  /** How far back the rules need readings for. */
  static Duration window(QualityRules rules) {
    Duration longestRun =
        rules.stuckClimateAfter().compareTo(rules.stuckOccupancyAfter()) >= 0
            ? rules.stuckClimateAfter()
            : rules.stuckOccupancyAfter();
    return longestRun.plus(rules.clockWindow().multipliedBy(2));
  }

  /**
   * Reads the recent readings, oldest first per device, into {@code observe}; returns how many.
   * Streams them: memory stays flat whatever the number of devices.
   */
  public static long replay(
      DataSource ds, QualityRules rules, Instant now, Consumer<Reading> observe)
      throws SQLException {
    long n = 0;
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false); // a cursor, so the rows are fetched in chunks
      c.setReadOnly(true);
      try (PreparedStatement ps = c.prepareStatement(RECENT)) {
        ps.setTimestamp(1, Timestamp.from(now.minus(window(rules))));
        ps.setInt(2, PER_DEVICE);
        ps.setFetchSize(10_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            observe.accept(reading(rs));
            n++;
          }
        }
      } finally {
        c.rollback();
      }
    }
    return n;
  }

  private static Reading reading(ResultSet rs) throws SQLException {
    return new Reading(
        rs.getString("station_id"),
        rs.getString("device_id"),
        rs.getLong("seq"),
        rs.getTimestamp("time").toInstant(),
        rs.getObject("occupancy", Integer.class),
        rs.getObject("entries", Long.class),
        rs.getObject("exits", Long.class),
        number(rs, "temperature_c"),
        number(rs, "humidity_pct"),
        null,
        null,
        null,
        rs.getTimestamp("received_at").toInstant(),
        false,
        rs.getInt("flags"));
  }

  /** A {@code real} column as the double the judge saw when it was ingested. */
  private static Double number(ResultSet rs, String column) throws SQLException {
    Float v = rs.getObject(column, Float.class);
    return v == null ? null : Double.valueOf(v.toString());
  }
}
