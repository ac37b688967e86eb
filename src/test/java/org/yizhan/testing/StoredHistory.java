package org.yizhan.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import javax.sql.DataSource;
import org.yizhan.storage.Rollup;

/**
 * Weeks of readings written straight into the database, for tests of what the server builds from
 * its hourly rollup (free seats on arrival): one trusted reading every 15 minutes.
 */
public final class StoredHistory {

  private StoredHistory() {}

  /**
   * A reading of {@code occupancy} every 15 minutes of {@code [from, to)}, then the hourly rollup
   * brought up to date on TimescaleDB (plain PostgreSQL folds when the server reads).
   */
  public static void readings(
      DataSource ds, String station, Instant from, Instant to, int occupancy) throws Exception {
    DayPartitions.cover(ds, from, to);
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO reading (time, station_id, device_id, seq, occupancy, temperature_c,"
                    + " received_at) VALUES (?, ?, ?, ?, ?, 24, now())")) {
      for (Instant at = from; at.isBefore(to); at = at.plusSeconds(900)) {
        ps.setTimestamp(1, Timestamp.from(at));
        ps.setString(2, station);
        ps.setString(3, "dev-" + station);
        ps.setLong(4, at.toEpochMilli());
        ps.setInt(5, occupancy);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    materialize(ds);
  }

  /** On TimescaleDB, the hourly aggregate's hours as of now. */
  private static void materialize(DataSource ds) throws Exception {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery("SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'")) {
      rs.next();
      if (rs.getInt(1) == 1) {
        st.execute(
            "CALL refresh_continuous_aggregate('" + Rollup.H1.aggregate() + "', NULL, NULL)");
      }
    }
  }
}
