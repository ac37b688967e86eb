package org.yizhan.planning.use.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.yizhan.feedback.FeedbackKind;
import org.yizhan.planning.use.HourRow;

/**
 * Reads the stored readings as one row per station and clock hour (UTC hours, which are Beijing
 * hours too: the offset is whole), flagged readings left out as in every history aggregate. The
 * rows stream through a cursor, so a long period costs the database's work, not the heap.
 */
public final class HourlyReadings {

  private static final String HOURS =
      "SELECT station_id, date_bin('1 hour', time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour,"
          + " avg(occupancy)::float8, avg(temperature_c)::float8 FROM reading"
          + " WHERE time >= ? AND time < ? AND flags IS NULL GROUP BY 1, 2";

  private static final String FULL_REPORTS =
      "SELECT station_id, count(*) FROM feedback WHERE kind = ? AND created_at >= ?"
          + " AND created_at < ? GROUP BY station_id";

  private final DataSource ds;

  public HourlyReadings(DataSource ds) {
    this.ds = ds;
  }

  /** Every station-hour of {@code [from, to)} with a valid reading, in no particular order. */
  public void forEachHour(Instant from, Instant to, Consumer<HourRow> sink) throws SQLException {
    try (Connection c = ds.getConnection()) {
      // A cursor needs a transaction; the rows then come 10,000 at a time.
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(HOURS)) {
        ps.setFetchSize(10_000);
        ps.setTimestamp(1, Timestamp.from(from));
        ps.setTimestamp(2, Timestamp.from(to));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            double occ = rs.getDouble(3);
            if (rs.wasNull()) {
              occ = Double.NaN;
            }
            double temp = rs.getDouble(4);
            if (rs.wasNull()) {
              temp = Double.NaN;
            }
            sink.accept(new HourRow(rs.getString(1), rs.getTimestamp(2).toInstant(), occ, temp));
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(auto);
      }
    }
  }

  /** Workers' reports that a station was full, by station, in {@code [from, to)}. */
  public Map<String, Integer> fullReports(Instant from, Instant to) throws SQLException {
    Map<String, Integer> out = new HashMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(FULL_REPORTS)) {
      ps.setString(1, FeedbackKind.FULL.code());
      ps.setTimestamp(2, Timestamp.from(from));
      ps.setTimestamp(3, Timestamp.from(to));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getInt(2));
        }
      }
    }
    return out;
  }
}
