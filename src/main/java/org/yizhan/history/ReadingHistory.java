package org.yizhan.history;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.yizhan.quality.QualityFlag;
import org.yizhan.storage.Rollup;
import org.yizhan.storage.RollupQueries;
import org.yizhan.storage.Store;

/**
 * A station's stored readings, raw or in time buckets aligned to midnight in China (UTC+8). The
 * 15-minute, hourly and daily buckets come from the rollups (see {@link RollupQueries}): continuous
 * aggregates on TimescaleDB, the server's rollup tables on plain PostgreSQL. Blocking JDBC.
 */
public final class ReadingHistory {

  public static final int MAX_RAW_ROWS = 20_000;

  /**
   * The times a history query may name. No reading predates 1970, and both ends sit well inside
   * PostgreSQL's timestamptz (4713 BC to 294276 AD) and {@link Timestamp}, which overflows long
   * before {@link Instant}'s own limits.
   */
  public static final Instant EARLIEST = Instant.parse("1970-01-01T00:00:00Z");

  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

  private static final String RAW =
      "SELECT time, device_id, seq, occupancy, entries, exits, temperature_c, humidity_pct,"
          + " battery_pct, rssi_dbm, received_at, flags FROM reading"
          + " WHERE station_id = ? AND time >= ? AND time < ? ORDER BY time, device_id, seq LIMIT "
          + MAX_RAW_ROWS;

  private final DataSource ds;
  private final Store store;

  /**
   * @param store where the rollups are (see {@link org.yizhan.storage.TimescaleSetup})
   */
  public ReadingHistory(DataSource ds, Store store) {
    this.ds = ds;
    this.store = store;
  }

  public JsonObject query(String stationId, Instant from, Instant to, Bucket bucket)
      throws SQLException {
    JsonObject out =
        new JsonObject()
            .put("station_id", stationId)
            .put("from", from.toString())
            .put("to", to.toString())
            .put("bucket", bucket.code());
    try (Connection c = ds.getConnection()) {
      if (bucket == Bucket.RAW) {
        out.put("readings", raw(c, stationId, from, to));
      } else {
        out.put("buckets", bucketed(c, stationId, from, to, bucket));
      }
    }
    return out;
  }

  /** Hourly mean occupancy of trusted readings in {@code [from, to)}, oldest first. */
  public List<OccupancyProfile.HourMean> hourlyOccupancy(String stationId, Instant from, Instant to)
      throws SQLException {
    List<OccupancyProfile.HourMean> out = new ArrayList<>();
    try (Connection c = ds.getConnection()) {
      eachBucket(
          c,
          stationId,
          from,
          to,
          Bucket.H1,
          rs ->
              out.add(
                  new OccupancyProfile.HourMean(
                      rs.getTimestamp("bucket").toInstant(),
                      round(rs.getObject("occupancy_avg")))));
    }
    return out;
  }

  private JsonArray raw(Connection c, String stationId, Instant from, Instant to)
      throws SQLException {
    JsonArray rows = new JsonArray();
    try (PreparedStatement ps = c.prepareStatement(RAW)) {
      ps.setString(1, stationId);
      ps.setTimestamp(2, Timestamp.from(from));
      ps.setTimestamp(3, Timestamp.from(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new JsonObject()
                  .put("time", rs.getTimestamp("time").toInstant().toString())
                  .put("device_id", rs.getString("device_id"))
                  .put("seq", rs.getLong("seq"))
                  .put("occupancy", rs.getObject("occupancy"))
                  .put("entries", rs.getObject("entries"))
                  .put("exits", rs.getObject("exits"))
                  .put("temperature_c", round(rs.getObject("temperature_c")))
                  .put("humidity_pct", round(rs.getObject("humidity_pct")))
                  .put("battery_pct", rs.getObject("battery_pct"))
                  .put("rssi_dbm", rs.getObject("rssi_dbm"))
                  .put("received_at", rs.getTimestamp("received_at").toInstant().toString())
                  .put("flags", flags(rs.getInt("flags"))));
        }
      }
    }
    return rows;
  }

  private JsonArray bucketed(
      Connection c, String stationId, Instant from, Instant to, Bucket bucket) throws SQLException {
    JsonArray rows = new JsonArray();
    eachBucket(
        c,
        stationId,
        from,
        to,
        bucket,
        rs ->
            rows.add(
                new JsonObject()
                    .put("start", rs.getTimestamp("bucket").toInstant().toString())
                    .put("occupancy_avg", round(rs.getObject("occupancy_avg")))
                    .put("occupancy_max", rs.getObject("occupancy_max"))
                    .put("temperature_c_avg", round(rs.getObject("temperature_avg")))
                    .put("temperature_c_min", round(rs.getObject("temperature_min")))
                    .put("temperature_c_max", round(rs.getObject("temperature_max")))
                    .put("humidity_pct_avg", round(rs.getObject("humidity_avg")))
                    .put("readings", rs.getLong("readings"))));
    return rows;
  }

  /** One bucket's row of the aggregate query. */
  private interface BucketRow {
    void accept(ResultSet rs) throws SQLException;
  }

  /** Reads the bucket's rollup and hands each row over, oldest first. */
  private void eachBucket(
      Connection c, String stationId, Instant from, Instant to, Bucket bucket, BucketRow row)
      throws SQLException {
    Rollup level = Rollup.ofWidth(bucket.width());
    // Every bucket that overlaps the range comes whole: a day's bucket for the last hour is the
    // day.
    Instant start = level.floor(from);
    try (PreparedStatement ps = c.prepareStatement(RollupQueries.station(store, level))) {
      int i = 1;
      for (int pass = 0; pass < (store == Store.PLAIN ? 2 : 1); pass++) {
        ps.setString(i++, stationId);
        ps.setTimestamp(i++, Timestamp.from(start));
        ps.setTimestamp(i++, Timestamp.from(to));
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          row.accept(rs);
        }
      }
    }
  }

  /** A flagged reading names its flags; a good one has an empty list. */
  private static JsonArray flags(int mask) {
    JsonArray out = new JsonArray();
    for (QualityFlag f : QualityFlag.fromMask(mask)) {
      out.add(f.code());
    }
    return out;
  }

  /** Two decimals: sensors are not more precise, and both storage paths then agree exactly. */
  private static Double round(Object v) {
    if (v == null) {
      return null;
    }
    double d = ((Number) v).doubleValue();
    return Math.round(d * 100.0) / 100.0;
  }
}
