package org.yizhan.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.yizhan.condition.Thresholds;
import org.yizhan.config.StorageConfig;
import org.yizhan.db.V14__Partition_readings;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.history.Bucket;
import org.yizhan.history.ReadingHistory;
import org.yizhan.planning.use.StationUse;
import org.yizhan.planning.use.UseReport;
import org.yizhan.planning.use.UseRules;
import org.yizhan.planning.use.Utilisation;
import org.yizhan.planning.use.internal.HourlyReadings;
import org.yizhan.station.Amenity;
import org.yizhan.station.Station;
import org.yizhan.station.StationKind;
import org.yizhan.station.StationStatus;
import org.yizhan.station.hours.OpeningHours;
import org.yizhan.storage.Partitions;
import org.yizhan.storage.RollupSql;
import org.yizhan.storage.Store;
import org.yizhan.storage.TimescaleSetup;

/**
 * Storage benchmark (issue 19) on one database: migrates it as the server does (Flyway, then
 * TimescaleSetup, which picks the store), loads DAYS days of readings of STATIONS stations, one
 * every INTERVAL_S, with COPY day by day into {@code reading} (the store's own upkeep after each
 * day: the fold on plain PostgreSQL; aggregate refresh and compression of chunks older than 7 days
 * on TimescaleDB) and the same rows into {@code reading_flat}, today's single raw table with
 * today's two indexes (built after the load). Then measures, against that baseline in the same run:
 * a station's hourly history for 30 days (ReadingHistory, the product's path, against the old
 * date_bin SQL over raw rows), the province's hourly readings for the planner over the whole period
 * (HourlyReadings.forEachHour, against the old SQL), the disk cost per row, and dropping the oldest
 * drop.days days (30, at most two thirds of the period) while a writer keeps inserting
 * (Partitions.detachAndDrop or drop_chunks, against a DELETE capped at delete.cap.s).
 *
 * <p>Arguments: jdbc-url user password expected-store(PLAIN|TIMESCALE) summary-file. Sizes from
 * system properties: stations (4640), days (90), interval.s (300), history.queries (200), util.runs
 * (3), util.baseline.runs (2), drop.days (30), delete.cap.s (120), seed (19).
 */
public final class StorageBench {

  private static final String COLUMNS =
      "time, station_id, device_id, seq, occupancy, entries, exits, temperature_c,"
          + " humidity_pct, battery_pct, rssi_dbm, received_at, flags";

  /** Today's history SQL (a72b745 ReadingHistory.BUCKETED), on the flat table. */
  private static final String OLD_HISTORY =
      "SELECT date_bin(?::interval, time, TIMESTAMPTZ '2000-01-01 00:00:00+08') AS bucket,"
          + " avg(occupancy)::float8 AS occupancy_avg, max(occupancy) AS occupancy_max,"
          + " avg(temperature_c)::float8 AS temperature_avg, min(temperature_c)::float8 AS"
          + " temperature_min, max(temperature_c)::float8 AS temperature_max,"
          + " avg(humidity_pct)::float8 AS humidity_avg, count(*) AS readings"
          + " FROM reading_flat WHERE station_id = ? AND time >= ? AND time < ? AND flags IS NULL"
          + " GROUP BY 1 ORDER BY 1";

  /** Today's planner SQL (a72b745 HourlyReadings.HOURS), on the flat table. */
  private static final String OLD_HOURS =
      "SELECT station_id, date_bin('1 hour', time, TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour,"
          + " avg(occupancy)::float8, avg(temperature_c)::float8 FROM reading_flat"
          + " WHERE time >= ? AND time < ? AND flags IS NULL GROUP BY 1, 2";

  private final DataSource ds;
  private final Store store;
  private final int stations;
  private final int days;
  private final int intervalS;
  private final long seed;
  private final Instant start;
  private final Instant end;
  private final PrintStream out;
  private final List<String> summary = new ArrayList<>();
  private long rows;
  private long flagged;

  /** Rows per UTC day (TimescaleDB's chunks are UTC days). */
  private final java.util.Map<Long, Long> rowsPerUtcDay = new java.util.TreeMap<>();

  private StorageBench(DataSource ds, Store store, PrintStream out) {
    this.ds = ds;
    this.store = store;
    this.out = out;
    this.stations = Integer.getInteger("stations", 4640);
    this.days = Integer.getInteger("days", 90);
    this.intervalS = Integer.getInteger("interval.s", 300);
    this.seed = Long.getLong("seed", 19);
    LocalDate today = Partitions.dayOf(Instant.now());
    this.end = Partitions.startOf(today);
    this.start = Partitions.startOf(today.minusDays(days));
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: StorageBench jdbc-url user password PLAIN|TIMESCALE summary-file");
      System.exit(2);
    }
    Store expected = Store.valueOf(args[3]);
    // As Database.external does: a pool, then the server's Flyway migrations (V14 is Java).
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(args[0]);
    hc.setUsername(args[1]);
    hc.setPassword(args[2]);
    hc.setMaximumPoolSize(4);
    try (HikariDataSource ds = new HikariDataSource(hc)) {
      Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/migration")
          .javaMigrations(new V14__Partition_readings())
          .load()
          .migrate();
      Store store = TimescaleSetup.apply(ds, StorageConfig.DEFAULTS);
      if (store != expected) {
        throw new IllegalStateException(
            "expected store " + expected + " but the server chose " + store);
      }
      StorageBench b = new StorageBench(ds, store, System.err);
      b.run();
      Files.write(Path.of(args[4]), b.summary);
      b.summary.forEach(System.out::println);
    }
  }

  private void run() throws Exception {
    log(
        "store %s: %d stations, %d days, one reading every %d s (%,d rows), %s .. %s",
        store, stations, days, intervalS, (long) stations * days * (86400 / intervalS), start, end);
    if (store == Store.TIMESCALE) {
      // The bench does the policies' work itself, day by day; TimescaleDB's jobs are paused so
      // that none runs at a random moment during a measurement.
      exec(
          "SELECT alter_job(job_id, scheduled => false) FROM timescaledb_information.jobs WHERE job_id >= 1000");
    }
    exec("CREATE TABLE reading_flat (" + flatColumns() + ")");
    long t0 = System.nanoTime();
    load();
    double loadS = (System.nanoTime() - t0) / 1e9;
    long t1 = System.nanoTime();
    exec("CREATE UNIQUE INDEX reading_flat_identity_idx ON reading_flat (device_id, seq, time)");
    exec("CREATE INDEX reading_flat_station_time_idx ON reading_flat (station_id, time DESC)");
    double flatIndexS = (System.nanoTime() - t1) / 1e9;
    log("vacuum analyze");
    exec("VACUUM ANALYZE");
    summary.add(
        String.format(
            Locale.ROOT,
            "LOAD store=%s stations=%d days=%d interval_s=%d rows=%d flagged=%d load_s=%.0f rows_per_s=%.0f (reading and reading_flat, with upkeep) flat_index_build_s=%.0f",
            store,
            stations,
            days,
            intervalS,
            rows,
            flagged,
            loadS,
            2 * rows / loadS,
            flatIndexS));
    disk();
    history();
    utilisation();
    dropMonth();
  }

  private static String flatColumns() {
    return "time timestamptz NOT NULL, station_id text NOT NULL, device_id text NOT NULL,"
        + " seq bigint NOT NULL, occupancy integer, entries bigint, exits bigint,"
        + " temperature_c real, humidity_pct real, battery_pct smallint, rssi_dbm smallint,"
        + " received_at timestamptz NOT NULL, flags smallint";
  }

  // ---------------------------------------------------------------- load

  /** The generated stations as the registry has them (capacity from the generator). */
  private final List<Station> network = new ArrayList<>();

  /**
   * Registers the generated stations in the server's table (the planner joins it for capacity):
   * nine in ten open 06:00-22:00 every day, the rest round the clock, every 20th by date (its hours
   * change in December), so the planner's hour-by-hour path is measured too.
   */
  private void register(Generator g) throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO station (id, name_zh, kind, lat, lon, capacity, opening_hours,"
                    + " status, version) VALUES (?, ?, 'urban_rest_station', 37.8, 112.5, ?, ?,"
                    + " 'active', 1)")) {
      for (int i = 0; i < g.stationIds.length; i++) {
        String hours =
            i % 20 == 0
                ? "Dec 01-Dec 31 07:00-21:00; Jan-Nov 06:00-22:00"
                : i % 10 == 0 ? "24/7" : "Mo-Su 06:00-22:00";
        ps.setString(1, g.stationIds[i]);
        ps.setString(2, "驿站 " + i);
        ps.setInt(3, g.capacity[i]);
        ps.setString(4, hours);
        ps.addBatch();
        network.add(
            new Station(
                g.stationIds[i],
                "驿站 " + i,
                null,
                StationKind.URBAN_REST_STATION,
                new WgsCoordinate(37.8, 112.5),
                null,
                "太原",
                null,
                g.capacity[i],
                EnumSet.noneOf(Amenity.class),
                OpeningHours.parse(hours),
                null,
                null,
                null,
                StationStatus.ACTIVE,
                null,
                1,
                null,
                null));
      }
      ps.executeBatch();
    }
  }

  private void load() throws Exception {
    Generator g = new Generator(stations, intervalS, seed);
    register(g);
    LocalDate first = Partitions.dayOf(start);
    for (int d = 0; d < days; d++) {
      LocalDate day = first.plusDays(d);
      long t0 = System.nanoTime();
      Buf buf = g.day(Partitions.startOf(day), rowsPerUtcDay);
      rows += g.lastRows;
      flagged += g.lastFlagged;
      long t1 = System.nanoTime();
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(true);
        if (store == Store.PLAIN) {
          c.setAutoCommit(false);
          Partitions.ensure(c, day, day);
          c.commit();
          c.setAutoCommit(true);
        }
        copy(c, "reading", buf);
        long t2 = System.nanoTime();
        copy(c, "reading_flat", buf);
        long t3 = System.nanoTime();
        try (Statement st = c.createStatement()) {
          if (store == Store.PLAIN) {
            try (ResultSet rs = st.executeQuery(RollupSql.FOLD)) {
              rs.next();
            }
          } else {
            Instant from = Partitions.startOf(day);
            Instant to = Partitions.startOf(day.plusDays(1));
            for (String view : List.of("reading_15m", "reading_1h", "reading_1d")) {
              st.execute(
                  "CALL refresh_continuous_aggregate('"
                      + view
                      + "', '"
                      + from
                      + "', '"
                      + to
                      + "')");
            }
            st.execute(
                "SELECT count(compress_chunk(c, if_not_compressed => true)) FROM show_chunks('reading', older_than => TIMESTAMPTZ '"
                    + to.minus(Duration.ofDays(7))
                    + "') c");
          }
        }
        long t4 = System.nanoTime();
        log(
            "day %d/%d %s: %,d rows; generate %.1f s, COPY reading %.1f s, COPY reading_flat %.1f s, upkeep %.1f s",
            d + 1,
            days,
            day,
            g.lastRows,
            (t1 - t0) / 1e9,
            (t2 - t1) / 1e9,
            (t3 - t2) / 1e9,
            (t4 - t3) / 1e9);
      }
    }
    if (store == Store.TIMESCALE) {
      exec(
          "SELECT count(compress_chunk(c, if_not_compressed => true)) FROM show_chunks('reading', older_than => TIMESTAMPTZ '"
              + end.minus(Duration.ofDays(7))
              + "') c");
    }
  }

  private static void copy(Connection c, String table, Buf buf) throws SQLException, IOException {
    c.unwrap(PGConnection.class)
        .getCopyAPI()
        .copyIn(
            "COPY " + table + " (" + COLUMNS + ") FROM STDIN",
            new ByteArrayInputStream(buf.bytes, 0, buf.len));
  }

  /** A growing byte array of COPY text. */
  static final class Buf {
    byte[] bytes = new byte[1 << 20];
    int len;

    Buf put(char ch) {
      if (len == bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, bytes.length * 2);
      }
      bytes[len++] = (byte) ch;
      return this;
    }

    Buf put(String s) {
      for (int i = 0; i < s.length(); i++) {
        put(s.charAt(i));
      }
      return this;
    }

    Buf num(long v) {
      return put(Long.toString(v));
    }

    Buf two(int v) {
      return put((char) ('0' + v / 10)).put((char) ('0' + v % 10));
    }

    Buf dec1(double v) {
      long tenths = Math.round(v * 10);
      if (tenths < 0) {
        put('-');
        tenths = -tenths;
      }
      return num(tenths / 10).put('.').put((char) ('0' + tenths % 10));
    }

    /** An instant in UTC as PostgreSQL reads it: 2026-07-01 04:05:06.123+00. */
    Buf instant(long epochMs) {
      long sec = Math.floorDiv(epochMs, 1000);
      int ms = (int) Math.floorMod(epochMs, 1000);
      long dayNum = Math.floorDiv(sec, 86400);
      int sod = (int) Math.floorMod(sec, 86400);
      put(LocalDate.ofEpochDay(dayNum).toString()).put(' ');
      two(sod / 3600).put(':').two(sod / 60 % 60).put(':').two(sod % 60).put('.');
      put((char) ('0' + ms / 100)).put((char) ('0' + ms / 10 % 10)).put((char) ('0' + ms % 10));
      return put("+00");
    }
  }

  /**
   * Readings of a province: each station has a capacity of 8 to 40 and a daily occupancy curve
   * (morning, lunch and afternoon peaks, some stations full at lunch), counters that only grow, a
   * temperature and humidity with a daily cycle, and one reading in 500 flagged (over capacity).
   */
  static final class Generator {
    final int stations;
    final int intervalS;
    final long seed;
    final int[] capacity;
    final double[] busy;
    final double[] warm;
    final int[] offsetMs;
    final long[] entries;
    final long[] exits;
    final int[] occ;
    final String[] stationIds;
    final String[] deviceIds;
    int lastRows;
    int lastFlagged;
    private final Buf buf = new Buf();
    private long dayIndex;

    Generator(int stations, int intervalS, long seed) {
      this.stations = stations;
      this.intervalS = intervalS;
      this.seed = seed;
      SplittableRandom r = new SplittableRandom(seed);
      capacity = new int[stations];
      busy = new double[stations];
      warm = new double[stations];
      offsetMs = new int[stations];
      entries = new long[stations];
      exits = new long[stations];
      occ = new int[stations];
      stationIds = new String[stations];
      deviceIds = new String[stations];
      for (int i = 0; i < stations; i++) {
        capacity[i] = 8 + r.nextInt(33);
        busy[i] = 0.4 + r.nextDouble() * 0.9;
        warm[i] = r.nextDouble() * 8 - 4;
        offsetMs[i] = r.nextInt(intervalS * 1000);
        stationIds[i] = String.format(Locale.ROOT, "st-%05d", i + 1);
        deviceIds[i] = String.format(Locale.ROOT, "dev-%05d", i + 1);
      }
    }

    /** Share of capacity in use at a time of day in China (hours, fractional). */
    static double curve(double h) {
      return 0.05
          + 0.35 * Math.exp(-Math.pow((h - 8) / 1.0, 2))
          + 0.95 * Math.exp(-Math.pow((h - 12.5) / 1.2, 2))
          + 0.45 * Math.exp(-Math.pow((h - 16) / 1.3, 2));
    }

    Buf day(Instant dayStart, java.util.Map<Long, Long> perUtcDay) {
      SplittableRandom r = new SplittableRandom(seed * 1_000_003L + dayIndex++);
      buf.len = 0;
      int slots = 86400 / intervalS;
      long base = dayStart.toEpochMilli();
      long seqBase = (dayStart.getEpochSecond() / intervalS);
      int n = 0;
      int f = 0;
      for (int s = 0; s < slots; s++) {
        double hour = (double) s * intervalS / 3600;
        double c = curve(hour);
        double temp = 24 + 6 * Math.sin((hour - 9) / 24 * 2 * Math.PI);
        for (int i = 0; i < stations; i++) {
          long t = base + (long) s * intervalS * 1000 + offsetMs[i];
          int target = (int) Math.round(capacity[i] * c * busy[i] + r.nextGaussian() * 1.5);
          int o = Math.max(0, Math.min(capacity[i], target));
          int delta = o - occ[i];
          long in = Math.max(0, delta) + r.nextInt(3);
          entries[i] += in;
          exits[i] += in - delta;
          occ[i] = o;
          boolean flag = r.nextInt(500) == 0;
          double te = temp + warm[i] + r.nextGaussian() * 0.3;
          double hu = Math.max(20, Math.min(100, 85 - (te - 20) * 2.5 + r.nextGaussian() * 2));
          buf.instant(t).put('\t').put(stationIds[i]).put('\t').put(deviceIds[i]).put('\t');
          buf.num(seqBase + s).put('\t').num(flag ? capacity[i] + 5 : o).put('\t');
          buf.num(entries[i]).put('\t').num(exits[i]).put('\t').dec1(te).put('\t');
          buf.dec1(hu).put('\t').num(100 - (int) (dayIndex % 50)).put('\t');
          buf.num(-60 - (i % 30)).put('\t').instant(t + 800 + r.nextInt(2500)).put('\t');
          buf.put(flag ? "1" : "\\N").put('\n');
          perUtcDay.merge(Math.floorDiv(t, 86_400_000L), 1L, Long::sum);
          n++;
          if (flag) {
            f++;
          }
        }
      }
      lastRows = n;
      lastFlagged = f;
      return buf;
    }
  }

  // ---------------------------------------------------------------- disk

  private void disk() throws SQLException {
    double yearRows5 = 1000.0 * 288 * 365;
    double rowsPerRead = (double) rows;
    List<String[]> lines = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      long flat = one(st, "SELECT pg_total_relation_size('reading_flat')");
      lines.add(
          new String[] {
            "raw, one table (today)", fmt(flat / rowsPerRead), gb(flat / rowsPerRead * yearRows5)
          });
      if (store == Store.PLAIN) {
        long heap =
            one(
                st,
                "SELECT sum(pg_table_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'reading'::regclass");
        long all =
            one(
                st,
                "SELECT sum(pg_total_relation_size(inhrelid)) FROM pg_inherits WHERE inhparent = 'reading'::regclass");
        lines.add(
            new String[] {
              "raw, day partitions (heap only)",
              fmt(heap / rowsPerRead),
              gb(heap / rowsPerRead * yearRows5)
            });
        lines.add(
            new String[] {
              "raw, day partitions incl. indexes",
              fmt(all / rowsPerRead),
              gb(all / rowsPerRead * yearRows5)
            });
        for (String[] t :
            new String[][] {{"rollup_15m", "96"}, {"rollup_1h", "24"}, {"rollup_1d", "1"}}) {
          long size = one(st, "SELECT pg_total_relation_size('" + t[0] + "')");
          long n = one(st, "SELECT count(*) FROM " + t[0]);
          double perYear = 1000.0 * Integer.parseInt(t[1]) * 365;
          lines.add(new String[] {t[0], fmt((double) size / n), gb((double) size / n * perYear)});
        }
      } else {
        long beforeBytes = 0;
        long afterBytes = 0;
        long compressedRows = 0;
        try (ResultSet rs =
            st.executeQuery(
                "SELECT s.before_compression_total_bytes, s.after_compression_total_bytes,"
                    + " (extract(epoch FROM ch.range_start) / 86400)::bigint"
                    + " FROM chunk_compression_stats('reading') s JOIN timescaledb_information.chunks ch"
                    + " ON ch.chunk_schema = s.chunk_schema AND ch.chunk_name = s.chunk_name"
                    + " WHERE s.compression_status = 'Compressed'")) {
          while (rs.next()) {
            beforeBytes += rs.getLong(1);
            afterBytes += rs.getLong(2);
            compressedRows += rowsPerUtcDay.getOrDefault(rs.getLong(3), 0L);
          }
        }
        long plainBytes = 0;
        long plainRows = 0;
        try (ResultSet rs =
            st.executeQuery(
                "SELECT d.total_bytes, (extract(epoch FROM ch.range_start) / 86400)::bigint"
                    + " FROM chunks_detailed_size('reading') d JOIN timescaledb_information.chunks ch"
                    + " ON ch.chunk_schema = d.chunk_schema AND ch.chunk_name = d.chunk_name"
                    + " WHERE NOT ch.is_compressed")) {
          while (rs.next()) {
            plainBytes += rs.getLong(1);
            plainRows += rowsPerUtcDay.getOrDefault(rs.getLong(2), 0L);
          }
        }
        if (plainRows > 0) {
          double b = (double) plainBytes / plainRows;
          lines.add(new String[] {"raw, uncompressed chunks", fmt(b), gb(b * yearRows5)});
        }
        if (compressedRows > 0) {
          double b = (double) beforeBytes / compressedRows;
          double a = (double) afterBytes / compressedRows;
          lines.add(new String[] {"raw, chunks before compression", fmt(b), gb(b * yearRows5)});
          lines.add(new String[] {"raw, chunks after compression", fmt(a), gb(a * yearRows5)});
        }
        for (String[] t :
            new String[][] {{"reading_15m", "96"}, {"reading_1h", "24"}, {"reading_1d", "1"}}) {
          String mat;
          try (ResultSet rs =
              st.executeQuery(
                  "SELECT format('%I.%I', materialization_hypertable_schema, materialization_hypertable_name)"
                      + " FROM timescaledb_information.continuous_aggregates WHERE view_name = '"
                      + t[0]
                      + "'")) {
            rs.next();
            mat = rs.getString(1);
          }
          long size = one(st, "SELECT hypertable_size('" + mat + "')");
          long n = one(st, "SELECT count(*) FROM " + mat);
          double perYear = 1000.0 * Integer.parseInt(t[1]) * 365;
          lines.add(
              new String[] {
                t[0] + " (aggregate)", fmt((double) size / n), gb((double) size / n * perYear)
              });
        }
      }
    }
    for (String[] l : lines) {
      summary.add(
          String.format(
              Locale.ROOT,
              "DISK store=%s %-36s bytes_per_row=%s per_1000_stations_year=%s",
              store,
              l[0].replace(' ', '_'),
              l[1],
              l[2]));
    }
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /** Raw rows: the size at one reading per 5 min (rollups: their own rows per year). */
  private static String gb(double bytes) {
    return String.format(Locale.ROOT, "%.2fGB", bytes / 1e9);
  }

  // ---------------------------------------------------------------- history

  private void history() throws SQLException {
    int n = Integer.getInteger("history.queries", 200);
    Instant from = end.minus(Duration.ofDays(30));
    ReadingHistory h = new ReadingHistory(ds, store);
    SplittableRandom r = new SplittableRandom(seed + 1);
    List<Double> mine = new ArrayList<>();
    List<Double> old = new ArrayList<>();
    long buckets = 0;
    long oldBuckets = 0;
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(OLD_HISTORY)) {
      for (int q = -20; q < n; q++) {
        String id = String.format(Locale.ROOT, "st-%05d", 1 + r.nextInt(stations));
        long t0 = System.nanoTime();
        int got = h.query(id, from, end, Bucket.H1).getJsonArray("buckets").size();
        long t1 = System.nanoTime();
        ps.setString(1, "1 hour");
        ps.setString(2, id);
        ps.setTimestamp(3, Timestamp.from(from));
        ps.setTimestamp(4, Timestamp.from(end));
        int oldGot = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getDouble(2);
            oldGot++;
          }
        }
        long t2 = System.nanoTime();
        if (q >= 0) {
          mine.add((t1 - t0) / 1e6);
          old.add((t2 - t1) / 1e6);
          buckets += got;
          oldBuckets += oldGot;
        }
      }
    }
    summary.add(
        String.format(
            Locale.ROOT,
            "HISTORY store=%s 30 days hourly, %d random stations: p50_ms=%.2f p95_ms=%.2f baseline_p50_ms=%.2f baseline_p95_ms=%.2f p95_ratio=%.3f (buckets %d vs %d)",
            store,
            n,
            pct(mine, 50),
            pct(mine, 95),
            pct(old, 50),
            pct(old, 95),
            pct(mine, 95) / pct(old, 95),
            buckets,
            oldBuckets));
  }

  private static double pct(List<Double> v, int p) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(s.size() - 1, i)));
  }

  // ---------------------------------------------------------------- planner

  private void utilisation() throws SQLException {
    int runs = Integer.getInteger("util.runs", 3);
    int baseRuns = Integer.getInteger("util.baseline.runs", 2);
    HourlyReadings hr = new HourlyReadings(ds, store);
    List<Double> mine = new ArrayList<>();
    List<Double> old = new ArrayList<>();
    long hours = 0;
    long oldHours = 0;
    for (int i = 0; i < Math.max(runs, baseRuns); i++) {
      if (i < runs) {
        // The planner's report as the server makes it (PlanningService.use): counted per hour
        // of the week in the database for weekly stations, hour by hour for the others.
        long t0 = System.nanoTime();
        Utilisation u =
            new Utilisation(
                network, UseRules.DEFAULTS, id -> Thresholds.DEFAULTS);
        hr.feed(start, end, u);
        UseReport report = u.report(start, end);
        mine.add((System.nanoTime() - t0) / 1e9);
        hours = report.stations().stream().mapToLong(StationUse::hoursWithData).sum();
        log("planner hours (store): %.2f s, %,d station-hours", mine.get(mine.size() - 1), hours);
      }
      if (i < baseRuns) {
        long t0 = System.nanoTime();
        long n = 0;
        try (Connection c = ds.getConnection()) {
          c.setAutoCommit(false);
          try (PreparedStatement ps = c.prepareStatement(OLD_HOURS)) {
            ps.setFetchSize(10_000);
            ps.setTimestamp(1, Timestamp.from(start));
            ps.setTimestamp(2, Timestamp.from(end));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                rs.getString(1);
                rs.getDouble(3);
                n++;
              }
            }
          } finally {
            c.rollback();
          }
        }
        old.add((System.nanoTime() - t0) / 1e9);
        oldHours = n;
        log("planner hours (baseline): %.2f s, %,d station-hours", old.get(old.size() - 1), n);
      }
    }
    double m = median(mine);
    double b = median(old);
    summary.add(
        String.format(
            Locale.ROOT,
            "PLANNER store=%s %d days, all %d stations, hourly: median_s=%.2f (%d runs) baseline_median_s=%.2f (%d runs) ratio=%.3f (station-hours %d vs %d)",
            store,
            days,
            stations,
            m,
            runs,
            b,
            baseRuns,
            m / b,
            hours,
            oldHours));
  }

  private static double median(List<Double> v) {
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    int k = s.size();
    return k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2;
  }

  // ---------------------------------------------------------------- drop a month

  /** Inserts 10 readings per statement as fast as it can, keeping the longest statement. */
  private final class Writer implements AutoCloseable {
    final String table;
    final AtomicBoolean stop = new AtomicBoolean();
    final Thread thread;
    volatile long maxNs;
    volatile long statements;
    volatile Exception failure;

    Writer(String table) {
      this.table = table;
      this.thread = new Thread(this::loop, "writer-" + table);
      thread.start();
    }

    void reset() {
      maxNs = 0;
      statements = 0;
    }

    private void loop() {
      StringBuilder sql = new StringBuilder("INSERT INTO " + table + " (" + COLUMNS + ") VALUES ");
      for (int i = 0; i < 10; i++) {
        sql.append(i == 0 ? "" : ", ")
            .append("(?, ?, ?, ?, 5, 1, 1, 25.0, 60.0, 90, -70, now(), NULL)");
      }
      long seq = 0;
      try (Connection c = ds.getConnection();
          PreparedStatement ps = c.prepareStatement(sql.toString())) {
        c.setAutoCommit(true);
        while (!stop.get()) {
          Timestamp now = Timestamp.from(Instant.now());
          int p = 1;
          seq++;
          for (int i = 0; i < 10; i++) {
            ps.setTimestamp(p++, now);
            ps.setString(p++, "wr-" + i);
            ps.setString(p++, "wr-dev-" + i);
            ps.setLong(p++, seq);
          }
          long t0 = System.nanoTime();
          ps.executeUpdate();
          long ns = System.nanoTime() - t0;
          if (ns > maxNs) {
            maxNs = ns;
          }
          statements++;
        }
      } catch (Exception e) {
        failure = e;
      }
    }

    @Override
    public void close() throws Exception {
      stop.set(true);
      thread.join();
      if (failure != null) {
        throw failure;
      }
    }
  }

  private void dropMonth() throws Exception {
    int dropDays = Math.min(Integer.getInteger("drop.days", 30), Math.max(1, days * 2 / 3));
    Instant cutoff = start.plus(Duration.ofDays(dropDays));
    String what;
    double dropS;
    double calmMs;
    double stallMs;
    long writes;
    try (Writer w = new Writer("reading")) {
      Thread.sleep(3000);
      calmMs = w.maxNs / 1e6;
      w.reset();
      long t0 = System.nanoTime();
      try (Connection c = ds.getConnection()) {
        c.setAutoCommit(true);
        if (store == Store.PLAIN) {
          List<Partitions.Partition> old = Partitions.olderThan(c, cutoff);
          Partitions.dropAll(c, old);
          what = old.size() + " day partitions (Partitions.dropAll, as the retention task)";
        } else {
          long n =
              one(
                  c.createStatement(),
                  "SELECT count(*) FROM drop_chunks('reading', older_than => TIMESTAMPTZ '"
                      + cutoff
                      + "')");
          what = n + " chunks (drop_chunks)";
        }
      }
      dropS = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(500);
      stallMs = w.maxNs / 1e6;
      writes = w.statements;
    }
    summary.add(
        String.format(
            Locale.ROOT,
            "DROP store=%s oldest %d days: %s in %.3f s; concurrent writer (10-row INSERTs): longest_ms=%.1f during, %.1f in 3 s before, %d statements",
            store,
            dropDays,
            what,
            dropS,
            stallMs,
            calmMs,
            writes));
    int capS = Integer.getInteger("delete.cap.s", 120);
    String result;
    double delS;
    double delStall;
    double delCalm;
    try (Writer w = new Writer("reading_flat")) {
      Thread.sleep(3000);
      delCalm = w.maxNs / 1e6;
      w.reset();
      long t0 = System.nanoTime();
      try (Connection c = ds.getConnection();
          Statement st = c.createStatement()) {
        c.setAutoCommit(true);
        st.execute("SET statement_timeout = '" + capS + "s'");
        try {
          int n =
              st.executeUpdate(
                  "DELETE FROM reading_flat WHERE time < TIMESTAMPTZ '" + cutoff + "'");
          result = "deleted " + n + " rows";
        } catch (SQLException e) {
          if (!"57014".equals(e.getSQLState())) {
            throw e;
          }
          result = "cancelled at the " + capS + " s cap, nothing deleted";
        }
      }
      delS = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(500);
      delStall = w.maxNs / 1e6;
    }
    summary.add(
        String.format(
            Locale.ROOT,
            "DROP store=%s baseline DELETE of the same days from reading_flat: %s, %.1f s; concurrent writer longest_ms=%.1f during, %.1f before; ratio=%.4f",
            store,
            result,
            delS,
            delStall,
            delCalm,
            dropS / delS));
  }

  // ---------------------------------------------------------------- helpers

  private void exec(String sql) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute(sql);
    }
  }

  private static long one(Statement st, String sql) throws SQLException {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private void log(String fmt, Object... args) {
    out.printf(
        Locale.ROOT,
        "[%s] %s%n",
        java.time.LocalTime.now(ZoneOffset.UTC).withNano(0),
        String.format(Locale.ROOT, fmt, args));
  }
}
