package org.yizhan.quality;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * for, plus two clock windows), and the newest {@link #PER_DEVICE} per enabled device (counted per
 * station: a station's devices share its quota). One query; per station it walks {@code
 * reading_station_time_idx} backwards from now and stops at the quota, so the cost grows with
 * devices times readings kept, not with the table, and no index is added to the hot table. A run
 * longer than what is read back is not lost: its stored {@code stuck} flag says it was long enough
 * (see {@link ReadingQuality#observe}). Measured at 5,000 devices: docs/fleet.md.
 */
public final class QualityRebuild {

  /**
   * The newest readings read back per device: an hour at the usual 60 s interval, as much as the
   * clock estimate and the counters need. A stuck run already flagged is carried by its stored
   * flag; one not yet flagged and longer than this is found late by the part not read back. 256 (4
   * h at 60 s, exact for every rule) measured 2.6 times the cost at 5,000 devices: 1.9 s of query
   * instead of 0.7 s, 4.6 to 9.1 s of rebuild instead of 1.7 to 4.9 s.
   */
  static final int PER_DEVICE = 64;

  /**
   * Per station (readings are found by station and time, the index ingest already keeps), its
   * newest readings in the window, as many as {@link #PER_DEVICE} for each of its enabled devices;
   * by station, then device, newest first. Ordered by time the index scan stops at the limit, so
   * rows older than what is kept are not read.
   */
  private static final String RECENT =
      "SELECT r.station_id, r.device_id, r.seq, r.time, r.occupancy, r.entries, r.exits,"
          + " r.temperature_c, r.humidity_pct, r.received_at, coalesce(r.flags, 0) AS flags"
          + " FROM (SELECT station_id, count(*) AS devices FROM device WHERE disabled_at IS NULL"
          + " GROUP BY station_id) s CROSS JOIN LATERAL ("
          + " SELECT * FROM reading r WHERE r.station_id = s.station_id AND r.time > ?"
          + " ORDER BY r.time DESC LIMIT s.devices * ?) r"
          + " ORDER BY s.station_id, r.device_id, r.time DESC, r.seq DESC";

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
   * Streams them, device after device, each read newest first as the index gives them and replayed
   * in reverse: memory stays at one device's readings whatever the number of devices, and the
   * database sorts no more than one device's rows at a time (an incremental sort by device).
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
          List<Reading> device = new ArrayList<>(PER_DEVICE);
          while (rs.next()) {
            Reading r = reading(rs);
            if (!device.isEmpty() && !device.get(0).deviceId().equals(r.deviceId())) {
              n += oldestFirst(device, observe);
            }
            device.add(r);
          }
          n += oldestFirst(device, observe);
        }
      } finally {
        c.rollback();
      }
    }
    return n;
  }

  /** One device's readings, read newest first, replayed oldest first; empties the list. */
  static int oldestFirst(List<Reading> newestFirst, Consumer<Reading> observe) {
    int n = newestFirst.size();
    for (int i = n - 1; i >= 0; i--) {
      observe.accept(newestFirst.get(i));
    }
    newestFirst.clear();
    return n;
  }

  static Reading reading(ResultSet rs) throws SQLException {
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
  static Double number(ResultSet rs, String column) throws SQLException {
    Float v = rs.getObject(column, Float.class);
    return v == null ? null : Double.valueOf(v.toString());
  }
}
