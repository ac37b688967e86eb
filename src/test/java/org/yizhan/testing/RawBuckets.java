package org.yizhan.testing;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The oracle for rollups: a station's buckets computed straight from the raw readings, trusted ones
 * only, with the same fields and rounding as the history API's bucketed answer. Only buckets that
 * start inside {@code [from, to)} count, whole.
 */
public final class RawBuckets {

  private RawBuckets() {}

  public static JsonArray of(DataSource ds, String station, Instant from, Instant to, Duration w)
      throws Exception {
    String sql =
        "SELECT date_bin(?::interval, time, TIMESTAMPTZ '2000-01-01 00:00:00+08') AS b,"
            + " avg(occupancy)::float8, max(occupancy), avg(temperature_c)::float8,"
            + " min(temperature_c)::float8, max(temperature_c)::float8,"
            + " avg(humidity_pct)::float8, count(*) FROM reading WHERE station_id = ?"
            + " AND flags IS NULL AND time >= ?::timestamptz - ?::interval"
            + " AND time < ?::timestamptz + ?::interval GROUP BY 1 ORDER BY 1";
    JsonArray out = new JsonArray();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      String iv = w.toSeconds() + " seconds";
      ps.setString(1, iv);
      ps.setString(2, station);
      ps.setTimestamp(3, Timestamp.from(from));
      ps.setString(4, iv);
      ps.setTimestamp(5, Timestamp.from(to));
      ps.setString(6, iv);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Instant start = rs.getTimestamp(1).toInstant();
          if (start.isBefore(from) || !start.isBefore(to)) {
            continue;
          }
          out.add(
              new JsonObject()
                  .put("start", start.toString())
                  .put("occupancy_avg", round(rs.getObject(2)))
                  .put("occupancy_max", rs.getObject(3))
                  .put("temperature_c_avg", round(rs.getObject(4)))
                  .put("temperature_c_min", round(rs.getObject(5)))
                  .put("temperature_c_max", round(rs.getObject(6)))
                  .put("humidity_pct_avg", round(rs.getObject(7)))
                  .put("readings", rs.getLong(8)));
        }
      }
    }
    return out;
  }

  private static Double round(Object v) {
    return v == null ? null : Math.round(((Number) v).doubleValue() * 100.0) / 100.0;
  }
}
