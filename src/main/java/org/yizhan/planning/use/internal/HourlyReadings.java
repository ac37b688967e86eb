package org.yizhan.planning.use.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.yizhan.feedback.FeedbackKind;
import org.yizhan.planning.use.HourRow;
import org.yizhan.planning.use.Utilisation;
import org.yizhan.storage.HourlyStream;
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
   * Feeds a period's hours to {@code u}, streamed out of the hourly rollup ({@link HourlyStream}):
   * a province's 90 days are 10 million station-hours, counted in arrays as they arrive. A period
   * of more than a week goes in {@link #PARTS} parts on as many connections at once, so that the
   * database's output and the counting use two cores. On plain PostgreSQL the pending sums are
   * folded first, so the answer counts every reading committed before it started.
   */
  public void feed(Instant from, Instant to, Utilisation u) throws SQLException {
    if (store == Store.PLAIN) {
      RollupSql.foldNow(ds);
    }
    long hours = Duration.between(from, to).toHours();
    int parts = hours <= SPLIT_ABOVE_HOURS ? 1 : PARTS;
    // Part k reads [from + k * hours / parts, from + (k + 1) * hours / parts), whole hours; the
    // last
    // ends at to. Part 0 runs here, the others on their own threads, each into its own tally.
    List<CompletableFuture<Utilisation>> others = new java.util.ArrayList<>();
    for (int k = 1; k < parts; k++) {
      Instant a = from.plus(Duration.ofHours(hours * k / parts));
      Instant b = k == parts - 1 ? to : from.plus(Duration.ofHours(hours * (k + 1) / parts));
      Utilisation part = u.emptyCopy();
      others.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  stream(a, b, part);
                  return part;
                } catch (SQLException e) {
                  throw new CompletionException(e);
                }
              },
              PARTS_POOL));
    }
    Instant firstEnd = parts == 1 ? to : from.plus(Duration.ofHours(hours / parts));
    try {
      stream(from, firstEnd, u);
    } catch (SQLException | RuntimeException e) {
      for (CompletableFuture<Utilisation> f : others) {
        f.exceptionally(ignored -> null).join(); // never leave a part running alone
      }
      throw e;
    }
    for (CompletableFuture<Utilisation> f : others) {
      try {
        u.addAll(f.join());
      } catch (CompletionException e) {
        if (e.getCause() instanceof SQLException sql) {
          throw sql;
        }
        throw e;
      }
    }
  }

  /** Periods longer than a week are read in parts at once. */
  private static final long SPLIT_ABOVE_HOURS = 7 * 24;

  /**
   * How many parts: two keep both cores busy (the database's output and the counting); four were 6
   * % faster on a province's 90 days but hold half the default pool of 8 connections.
   */
  private static final int PARTS = 2;

  /** Runs the parts after the first: a planner's report at a time is the expected load. */
  private static final Executor PARTS_POOL =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "planner-hours");
            t.setDaemon(true);
            return t;
          });

  private void stream(Instant from, Instant to, Utilisation u) throws SQLException {
    try (Connection c = ds.getConnection()) {
      HourlyStream.forEach(c, store, from, to, new Slots(u));
    }
  }

  /** Feeds {@code u} by slot, each station looked up once per stream rather than once per hour. */
  private static final class Slots implements HourlyStream.Sink {
    private static final int UNKNOWN = -2;
    private final Utilisation u;
    private int[] slot = new int[0];

    Slots(Utilisation u) {
      this.u = u;
    }

    @Override
    public void hour(int station, String stationId, long epochHour, double occ, double temp) {
      if (station >= slot.length) {
        int old = slot.length;
        slot = Arrays.copyOf(slot, Math.max(1024, station * 2));
        Arrays.fill(slot, old, slot.length, UNKNOWN);
      }
      int i = slot[station];
      if (i == UNKNOWN) {
        i = slot[station] = u.indexOf(stationId);
      }
      if (i >= 0) {
        u.addHourAt(i, epochHour, occ, temp);
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
