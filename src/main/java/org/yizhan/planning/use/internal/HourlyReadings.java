package org.yizhan.planning.use.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.yizhan.condition.Thresholds;
import org.yizhan.feedback.FeedbackKind;
import org.yizhan.planning.use.HourRow;
import org.yizhan.planning.use.Utilisation;
import org.yizhan.storage.Rollup;
import org.yizhan.storage.RollupQueries;
import org.yizhan.storage.RollupSql;
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
      // Not yet folded sums (plain PostgreSQL: a few seconds' worth), added to their hours below.
      Map<String, double[]> pending = new HashMap<>();
      if (store == Store.PLAIN) {
        try (PreparedStatement ps =
            c.prepareStatement(RollupQueries.allStationsPending(Rollup.H1))) {
          ps.setTimestamp(1, Timestamp.from(from));
          ps.setTimestamp(2, Timestamp.from(to));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              pending.put(key(rs.getString(1), rs.getTimestamp(2).toInstant()), sums(rs));
            }
          }
        }
      }
      // A cursor needs a transaction; the rows then come 10,000 at a time.
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement(RollupQueries.allStations(store, Rollup.H1))) {
        ps.setFetchSize(10_000);
        ps.setTimestamp(1, Timestamp.from(from));
        ps.setTimestamp(2, Timestamp.from(to));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            String station = rs.getString(1);
            Instant hour = rs.getTimestamp(2).toInstant();
            double[] s = sums(rs);
            if (!pending.isEmpty()) {
              double[] more = pending.remove(key(station, hour));
              if (more != null) {
                for (int i = 0; i < s.length; i++) {
                  s[i] += more[i];
                }
              }
            }
            sink.accept(row(station, hour, s));
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(auto);
      }
      for (Map.Entry<String, double[]> e : pending.entrySet()) {
        int at = e.getKey().lastIndexOf('@');
        sink.accept(
            row(
                e.getKey().substring(0, at),
                Instant.ofEpochSecond(Long.parseLong(e.getKey().substring(at + 1))),
                e.getValue()));
      }
    }
  }

  /**
   * Feeds a period's hours to {@code u}: the stations whose opening hours repeat every week as
   * counts per hour of the week, computed by the database in one pass (a province's 90 days are 10
   * million station-hours: shipping them one by one takes several times longer than counting them
   * there), the other stations hour by hour. On plain PostgreSQL the pending sums are folded first,
   * so the answer counts every reading committed before it started.
   */
  public void feed(Instant from, Instant to, Utilisation u) throws SQLException {
    if (store == Store.PLAIN) {
      RollupSql.foldNow(ds);
    }
    try (Connection c = ds.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        cells(c, from, to, u);
        List<String> others = u.otherStations();
        if (!others.isEmpty()) {
          try (PreparedStatement ps = c.prepareStatement(RollupQueries.hoursOf(store))) {
            ps.setFetchSize(10_000); // a cursor: the rows come 10,000 at a time
            ps.setTimestamp(1, Timestamp.from(from));
            ps.setTimestamp(2, Timestamp.from(to));
            ps.setArray(3, c.createArrayOf("text", others.toArray(String[]::new)));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                double occupancy = rs.getDouble(3);
                double temp = rs.getDouble(4);
                if (rs.wasNull()) {
                  temp = Double.NaN;
                }
                u.add(
                    new HourRow(rs.getString(1), rs.getTimestamp(2).toInstant(), occupancy, temp));
              }
            }
          }
        }
      } finally {
        c.rollback();
        c.setAutoCommit(auto);
      }
    }
  }

  private void cells(Connection c, Instant from, Instant to, Utilisation u) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (String setting : RollupQueries.CELLS_SETTINGS) {
        st.execute(setting);
      }
    }
    Thresholds global = u.globalThresholds();
    try (PreparedStatement ps = c.prepareStatement(RollupQueries.hourOfWeekCells(store))) {
      ps.setDouble(1, u.fullShare());
      ps.setDouble(2, global.tooHotC());
      ps.setDouble(3, global.tooColdC());
      ps.setDouble(4, global.tooHotC());
      ps.setTimestamp(5, Timestamp.from(from));
      ps.setTimestamp(6, Timestamp.from(to));
      ps.setArray(7, c.createArrayOf("text", u.otherStations().toArray(String[]::new)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          u.addCells(
              rs.getString(1),
              rs.getInt(2),
              rs.getLong(3),
              rs.getDouble(4),
              rs.getLong(5),
              rs.getLong(6),
              rs.getLong(7));
        }
      }
    }
  }

  private static String key(String station, Instant hour) {
    return station + "@" + hour.getEpochSecond();
  }

  /** occupancy sum and count, temperature sum and count; a null sum is 0. */
  private static double[] sums(ResultSet rs) throws SQLException {
    return new double[] {rs.getDouble(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)};
  }

  private static HourRow row(String station, Instant hour, double[] s) {
    return new HourRow(
        station, hour, s[1] == 0 ? Double.NaN : s[0] / s[1], s[3] == 0 ? Double.NaN : s[2] / s[3]);
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
