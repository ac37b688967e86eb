package org.yizhan.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * What the readings take on disk, a day at a time, and what the rollups and the whole database
 * take: on plain PostgreSQL each day partition's size (the table from before partitioning as one
 * row with its range), on TimescaleDB each chunk's size before and after compression. Blocking;
 * catalog queries only, no table is scanned.
 */
public final class DiskUse {

  /**
   * One day of raw readings (a partition or a chunk).
   *
   * @param day the day in China it holds (from its start); null for the table from before
   *     partitioning, which holds everything up to {@code to}
   * @param from where its range starts; null for MINVALUE
   * @param bytes what it takes on disk now (compressed, if it is), indexes included
   * @param uncompressedBytes what it took before compression; null when not compressed
   */
  public record Day(
      String relation,
      LocalDate day,
      Instant from,
      Instant to,
      long bytes,
      boolean compressed,
      Long uncompressedBytes) {}

  /**
   * @param rawBytes the sum of the days' bytes
   * @param rollupBytes the rollup tables (plain) or continuous aggregates (TimescaleDB), indexes
   *     included
   * @param databaseBytes the whole database
   */
  public record Report(
      Store store, List<Day> days, long rawBytes, long rollupBytes, long databaseBytes) {}

  private static final String PLAIN_SIZES =
      "SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_inherits i"
          + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'reading'::regclass";

  private static final String PLAIN_ROLLUPS =
      "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
          + " WHERE c.relname IN ('rollup_15m', 'rollup_1h', 'rollup_1d', 'rollup_pending')"
          + " AND c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p')";

  private static final String CHUNKS =
      "SELECT c.chunk_name, c.range_start, c.range_end, c.is_compressed, d.total_bytes,"
          + " s.before_compression_total_bytes"
          + " FROM timescaledb_information.chunks c"
          + " JOIN chunks_detailed_size('reading') d"
          + " ON d.chunk_schema = c.chunk_schema AND d.chunk_name = c.chunk_name"
          + " LEFT JOIN chunk_compression_stats('reading') s"
          + " ON s.chunk_schema = c.chunk_schema AND s.chunk_name = c.chunk_name"
          + " WHERE c.hypertable_name = 'reading' ORDER BY c.range_start";

  private static final String AGGREGATES =
      "SELECT coalesce(sum(hypertable_size(format('%I.%I', materialization_hypertable_schema,"
          + " materialization_hypertable_name)::regclass)), 0)"
          + " FROM timescaledb_information.continuous_aggregates";

  private DiskUse() {}

  /** The disk use now on {@code store}. */
  public static Report of(DataSource ds, Store store) throws SQLException {
    try (Connection c = ds.getConnection()) {
      List<Day> days = store == Store.TIMESCALE ? chunks(c) : partitions(c);
      long raw = days.stream().mapToLong(Day::bytes).sum();
      long rollups = single(c, store == Store.TIMESCALE ? AGGREGATES : PLAIN_ROLLUPS);
      long database = single(c, "SELECT pg_database_size(current_database())");
      return new Report(store, days, raw, rollups, database);
    }
  }

  private static List<Day> partitions(Connection c) throws SQLException {
    java.util.Map<String, Long> sizes = new java.util.HashMap<>();
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(PLAIN_SIZES)) {
      while (rs.next()) {
        sizes.put(rs.getString(1), rs.getLong(2));
      }
    }
    List<Day> out = new ArrayList<>();
    for (Partitions.Partition p : Partitions.list(c)) {
      out.add(
          new Day(
              p.name(),
              p.from() == null ? null : Partitions.dayOf(p.from()),
              p.from(),
              p.to(),
              sizes.getOrDefault(p.name(), 0L),
              false,
              null));
    }
    return out;
  }

  private static List<Day> chunks(Connection c) throws SQLException {
    List<Day> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(CHUNKS);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        Instant from = rs.getTimestamp(2).toInstant();
        Instant to = rs.getTimestamp(3).toInstant();
        boolean compressed = rs.getBoolean(4);
        long total = rs.getLong(5);
        long before = rs.getLong(6);
        boolean hasBefore = !rs.wasNull();
        out.add(
            new Day(
                rs.getString(1),
                Partitions.dayOf(from),
                from,
                to,
                total,
                compressed,
                compressed && hasBefore ? before : null));
      }
    }
    return out;
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
