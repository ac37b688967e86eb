package org.yizhan.storage;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The SQL that keeps the rollups on plain PostgreSQL.
 *
 * <p>A statement-level trigger on {@code reading} adds the 15-minute sums of the rows each INSERT
 * or COPY really inserted (its transition table: a redelivered reading skipped by {@code ON
 * CONFLICT DO NOTHING} is not in it) to {@code rollup_pending}, in the writer's transaction,
 * leaving flagged readings out. The fold ({@link #FOLD}) later moves those sums into the 15-minute,
 * hourly and daily tables. So every way a reading gets in (the writer, a backfill, an operator's
 * COPY) is counted once, in its own bucket, however late it comes.
 */
public final class RollupSql {

  private RollupSql() {}

  private static final String SUMS =
      "count(*), count(occupancy), sum(occupancy), max(occupancy), count(temperature_c),"
          + " sum(temperature_c::float8), min(temperature_c), max(temperature_c),"
          + " count(humidity_pct), sum(humidity_pct::float8)";

  private static final String COLUMNS =
      "station_id, bucket, readings, occ_n, occ_sum, occ_max, temp_n, temp_sum, temp_min,"
          + " temp_max, hum_n, hum_sum";

  /** The trigger function: the inserted rows' sums into the pending table. */
  public static final String PENDING_FUNCTION =
      "CREATE OR REPLACE FUNCTION reading_rollup_pending() RETURNS trigger LANGUAGE plpgsql AS $$"
          + " BEGIN INSERT INTO rollup_pending ("
          + COLUMNS
          + ") SELECT station_id, date_bin(INTERVAL '15 minutes', time, "
          + Rollup.ORIGIN
          + "), "
          + SUMS
          + " FROM inserted WHERE flags IS NULL GROUP BY 1, 2; RETURN NULL; END $$";

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
          + regroup("bucket", "moved")
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
          + ") SELECT count(*) FROM moved";

  /** Serialises folds across instances sharing the database. */
  public static final long FOLD_LOCK = 0x5969_7a68_616e_0001L;

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
