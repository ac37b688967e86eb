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
import org.yizhan.storage.Rollup;
import org.yizhan.storage.RollupQueries;
import org.yizhan.storage.Store;

/**
 * Reads the hourly rollup as one row per station and clock hour (Beijing hours, which are UTC hours
 * too: the offset is whole), flagged readings left out as in every history aggregate. The rows
 * stream through a cursor, so a long period costs the database's work, not the heap.
 */
public final class HourlyReadings {

  private static final String FULL_REPORTS =
      "SELECT station_id, count(*) FROM feedback WHERE kind = ? AND created_at >= ?"
          + " AND created_at < ? GROUP BY station_id";

  private final DataSource ds;
  private final Store store;

  public HourlyReadings(DataSource ds, Store store) {
    this.ds = ds;
    this.store = store;
  }

  /** Every station-hour of {@code [from, to)} with a valid reading, in no particular order. */
  public void forEachHour(Instant from, Instant to, Consumer<HourRow> sink) throws SQLException {
    try (Connection c = ds.getConnection()) {
      // A cursor needs a transaction; the rows then come 10,000 at a time.
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(RollupQueries.allStations(store, Rollup.H1))) {
        ps.setFetchSize(10_000);
        int i = 1;
        for (int pass = 0; pass < (store == Store.PLAIN ? 2 : 1); pass++) {
          ps.setTimestamp(i++, Timestamp.from(from));
          ps.setTimestamp(i++, Timestamp.from(to));
        }
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
