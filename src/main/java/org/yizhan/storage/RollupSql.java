package org.yizhan.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQL that keeps the rollups on plain PostgreSQL.
 *
 * <p>Each statement that inserts readings adds one row to {@code rollup_pending}: the 15-minute
 * sums of the trusted rows it really inserted, as parallel arrays. The server's writer computes
 * them itself from the rows it wrote ({@link RollupDelta}, cheaper than SQL on its hot path) and
 * tells the trigger so through a session setting; any other session (an operator's COPY, a bulk
 * load) is summed by a statement-level trigger on {@code reading} from its transition table. Either
 * way a redelivered reading skipped by {@code ON CONFLICT DO NOTHING} adds nothing, and a late or
 * backfilled one lands in its own bucket. The fold ({@link #FOLD}) later moves the sums into the
 * 15-minute, hourly and daily tables.
 */
public final class RollupSql {

  private RollupSql() {}

  /** Set to {@code on} in a session whose inserts come with their own pending sums. */
  public static final String WRITER_SETTING = "yizhan.rollup_by_writer";

  /** The pending table's columns, in order (after its id). */
  public static final String PENDING_COLUMNS =
      "station_id, bucket, readings, occ_n, occ_sum, occ_max, temp_n, temp_sum, temp_min,"
          + " temp_max, hum_n, hum_sum";

  private static final String COLUMNS = PENDING_COLUMNS;

  private static final String SUMS =
      "count(*), count(occupancy), sum(occupancy), max(occupancy), count(temperature_c),"
          + " sum(temperature_c::float8), min(temperature_c), max(temperature_c),"
          + " count(humidity_pct), sum(humidity_pct::float8)";

  /** The pending rows, one per station and bucket: {@code FROM rollup_pending p, ...}. */
  public static final String UNNEST =
      "unnest(p.station_id, p.bucket, p.readings, p.occ_n, p.occ_sum, p.occ_max, p.temp_n,"
          + " p.temp_sum, p.temp_min, p.temp_max, p.hum_n, p.hum_sum) AS u("
          + COLUMNS
          + ")";

  /** The trigger function: the inserted rows' sums into one pending row, unless the writer's. */
  public static final String PENDING_FUNCTION =
      "CREATE OR REPLACE FUNCTION reading_rollup_pending() RETURNS trigger LANGUAGE plpgsql AS $$"
          + " BEGIN IF current_setting('"
          + WRITER_SETTING
          + "', true) = 'on' THEN RETURN NULL; END IF;"
          + " INSERT INTO rollup_pending ("
          + COLUMNS
          + ") SELECT array_agg(s), array_agg(b), array_agg(c), array_agg(o_n), array_agg(o_s),"
          + " array_agg(o_m), array_agg(t_n), array_agg(t_s), array_agg(t_mi), array_agg(t_ma),"
          + " array_agg(h_n), array_agg(h_s) FROM (SELECT station_id AS s,"
          + " date_bin(INTERVAL '15 minutes', time, "
          + Rollup.ORIGIN
          + ") AS b, count(*) AS c, count(occupancy) AS o_n, sum(occupancy) AS o_s,"
          + " max(occupancy) AS o_m, count(temperature_c) AS t_n,"
          + " sum(temperature_c::float8) AS t_s, min(temperature_c) AS t_mi,"
          + " max(temperature_c) AS t_ma, count(humidity_pct) AS h_n,"
          + " sum(humidity_pct::float8) AS h_s FROM inserted WHERE flags IS NULL GROUP BY 1, 2) g"
          + " HAVING count(*) > 0; RETURN NULL; END $$";

  public static final String PENDING_TRIGGER =
      "CREATE TRIGGER reading_rollup_pending AFTER INSERT ON reading"
          + " REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT"
          + " EXECUTE FUNCTION reading_rollup_pending()";

  /** Adds {@code excluded}'s sums to a rollup row. */
  private static String merge(String table) {
    return " ON CONFLICT (station_id, bucket) DO UPDATE SET"
        + " readings = "
        + table
        + ".readings + excluded.readings, occ_n = "
        + table
        + ".occ_n + excluded.occ_n, occ_sum = "
        + add(table, "occ_sum")
        + ", occ_max = greatest("
        + table
        + ".occ_max, excluded.occ_max), temp_n = "
        + table
        + ".temp_n + excluded.temp_n, temp_sum = "
        + add(table, "temp_sum")
        + ", temp_min = least("
        + table
        + ".temp_min, excluded.temp_min), temp_max = greatest("
        + table
        + ".temp_max, excluded.temp_max), hum_n = "
        + table
        + ".hum_n + excluded.hum_n, hum_sum = "
        + add(table, "hum_sum");
  }

  /** A sum where either side may be null (no value of that kind in the bucket yet). */
  private static String add(String table, String column) {
    String mine = table + "." + column;
    String theirs = "excluded." + column;
    return "coalesce(" + mine + " + " + theirs + ", " + mine + ", " + theirs + ")";
  }

  /** Sums of summed rows, grouped by station and {@code bucketExpr}. */
  private static String regroup(String bucketExpr, String from) {
    return "SELECT station_id, "
        + bucketExpr
        + " AS bucket, sum(readings) AS readings, sum(occ_n) AS occ_n, sum(occ_sum) AS occ_sum,"
        + " max(occ_max) AS occ_max, sum(temp_n) AS temp_n, sum(temp_sum) AS temp_sum,"
        + " min(temp_min) AS temp_min, max(temp_max) AS temp_max, sum(hum_n) AS hum_n,"
        + " sum(hum_sum) AS hum_sum FROM "
        + from
        + " GROUP BY 1, 2 ORDER BY 1, 2";
  }

  private static String rebin(Rollup r) {
    return "date_bin(INTERVAL '" + r.interval() + "', bucket, " + Rollup.ORIGIN + ")";
  }

  /**
   * Moves every pending row into the three rollups in one statement, answering how many pending
   * rows it moved. Rows committed while it runs stay for the next fold. Keys are upserted in order,
   * so two folds at once (two instances) cannot deadlock; the fold also takes an advisory lock.
   */
  public static final String FOLD =
      "WITH moved AS (DELETE FROM rollup_pending RETURNING *),"
          + " d AS ("
          + regroup("bucket", "(SELECT u.* FROM moved p, " + UNNEST + ") x")
          + "), m15 AS (INSERT INTO rollup_15m ("
          + COLUMNS
          + ") SELECT * FROM d"
          + merge("rollup_15m")
          + "), h1 AS (INSERT INTO rollup_1h ("
          + COLUMNS
          + ") "
          + regroup(rebin(Rollup.H1), "d")
          + merge("rollup_1h")
          + "), d1 AS (INSERT INTO rollup_1d ("
          + COLUMNS
          + ") "
          + regroup(rebin(Rollup.D1), "d")
          + merge("rollup_1d")
          + ") SELECT count(*) FROM d";

  /** Serialises folds across instances sharing the database. */
  public static final long FOLD_LOCK = 0x5969_7a68_616e_0001L;

  /**
   * Folds now, waiting for a fold another instance may be running: for a reader that must see every
   * committed reading in the rollup tables themselves. Blocking.
   */
  public static void foldNow(javax.sql.DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection()) {
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SELECT pg_advisory_xact_lock(" + FOLD_LOCK + ")");
        st.execute(FOLD);
        c.commit();
      } catch (SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
  }

  /**
   * Builds the three rollups afresh from the stored readings, in the caller's transaction: after
   * partitioning a populated table, or to repair them.
   */
  public static void rebuild(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("TRUNCATE rollup_15m, rollup_1h, rollup_1d, rollup_pending");
      st.execute(
          "INSERT INTO rollup_15m ("
              + COLUMNS
              + ") SELECT station_id, date_bin(INTERVAL '15 minutes', time, "
              + Rollup.ORIGIN
              + "), "
              + SUMS
              + " FROM reading WHERE flags IS NULL GROUP BY 1, 2");
      st.execute(
          "INSERT INTO rollup_1h (" + COLUMNS + ") " + regroup(rebin(Rollup.H1), "rollup_15m"));
      st.execute(
          "INSERT INTO rollup_1d (" + COLUMNS + ") " + regroup(rebin(Rollup.D1), "rollup_15m"));
    }
  }
}
