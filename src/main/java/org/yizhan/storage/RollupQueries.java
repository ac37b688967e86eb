package org.yizhan.storage;

/**
 * The SQL that reads rollups, the same columns on both stores: {@code bucket, occupancy_avg,
 * occupancy_max, temperature_avg, temperature_min, temperature_max, humidity_avg, readings}. On
 * plain PostgreSQL a rollup table plus the committed batches not yet folded into it, so an answer
 * is never behind the readings; on TimescaleDB the continuous aggregate (real-time: it adds the
 * readings newer than its last refresh itself).
 */
public final class RollupQueries {

  private RollupQueries() {}

  /** The means from summed columns. */
  private static final String MEANS =
      "sum(occ_sum)::float8 / nullif(sum(occ_n), 0) AS occupancy_avg, max(occ_max) AS"
          + " occupancy_max, sum(temp_sum) / nullif(sum(temp_n), 0) AS temperature_avg,"
          + " min(temp_min)::float8 AS temperature_min, max(temp_max)::float8 AS"
          + " temperature_max, sum(hum_sum) / nullif(sum(hum_n), 0) AS humidity_avg,"
          + " sum(readings)::bigint AS readings";

  private static final String COLUMNS =
      "readings, occ_n, occ_sum, occ_max, temp_n, temp_sum, temp_min, temp_max, hum_n, hum_sum";

  /**
   * One station's buckets in {@code [from, to)}, oldest first. Parameters: station, from, to (and
   * on plain PostgreSQL again station, from, to for the pending rows).
   */
  public static String station(Store store, Rollup r) {
    if (store == Store.TIMESCALE) {
      return "SELECT bucket, occupancy_avg, occupancy_max, temperature_avg, temperature_min,"
          + " temperature_max, humidity_avg, readings FROM "
          + r.aggregate()
          + " WHERE station_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket";
    }
    return "SELECT bucket, "
        + MEANS
        + " FROM (SELECT bucket, "
        + COLUMNS
        + " FROM "
        + r.table()
        + " WHERE station_id = ? AND bucket >= ? AND bucket < ?"
        + " UNION ALL SELECT "
        + pendingBucket(r)
        + " AS bucket, "
        + COLUMNS
        + " FROM "
        + PENDING
        + " WHERE station_id = ? AND "
        + pendingBucket(r)
        + " >= ? AND "
        + pendingBucket(r)
        + " < ?) x"
        + " GROUP BY bucket ORDER BY bucket";
  }

  /**
   * Every station's buckets in {@code [from, to)}, in no order, as sums: {@code station_id, bucket,
   * occ_sum, occ_n, temp_sum, temp_n}. Parameters: from, to. On plain PostgreSQL this is the rollup
   * table alone, and {@link #allStationsPending} the sums not folded into it yet, which the caller
   * adds: grouping millions of station-hours in SQL to merge a few pending ones would cost many
   * times the scan.
   */
  public static String allStations(Store store, Rollup r) {
    if (store == Store.TIMESCALE) {
      // The aggregate has means; n = 1 makes them sums of one.
      return "SELECT station_id, bucket, occupancy_avg, CASE WHEN occupancy_avg IS NULL THEN 0"
          + " ELSE 1 END, temperature_avg, CASE WHEN temperature_avg IS NULL THEN 0 ELSE 1 END"
          + " FROM "
          + r.aggregate()
          + " WHERE bucket >= ? AND bucket < ?";
    }
    return "SELECT station_id, bucket, occ_sum::float8, occ_n, temp_sum, temp_n FROM "
        + r.table()
        + " WHERE bucket >= ? AND bucket < ?";
  }

  /**
   * The pending sums of every station, by bucket of the level, in {@code [from, to)}: the same
   * columns as {@link #allStations}. Parameters: from, to. Plain PostgreSQL only.
   */
  public static String allStationsPending(Rollup r) {
    return "SELECT station_id, "
        + pendingBucket(r)
        + ", sum(occ_sum)::float8, sum(occ_n), sum(temp_sum), sum(temp_n) FROM "
        + PENDING
        + " WHERE "
        + pendingBucket(r)
        + " >= ? AND "
        + pendingBucket(r)
        + " < ? GROUP BY 1, 2";
  }

  /** The pending sums, one row per station and 15-minute bucket (repeats allowed). */
  private static final String PENDING =
      "(SELECT u.* FROM rollup_pending p, " + RollupSql.UNNEST + ") pending";

  /** Pending rows are 15-minute buckets: binned again to the level's width. */
  private static String pendingBucket(Rollup r) {
    return r == Rollup.M15
        ? "bucket"
        : "date_bin(INTERVAL '" + r.interval() + "', bucket, " + Rollup.ORIGIN + ")";
  }
}
