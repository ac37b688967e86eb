package org.yizhan.history;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the plain {@code reading} table into a TimescaleDB hypertable with compression, retention
 * and continuous aggregates, when the extension can be used; otherwise leaves plain PostgreSQL as
 * it is. Runs after the Flyway migrations, idempotently, outside a transaction (continuous
 * aggregates cannot be created inside one, which is why this is not a migration).
 */
public final class TimescaleSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TimescaleSetup.class);

  /** Compress chunks older than this. */
  static final String COMPRESS_AFTER = "7 days";

  /** Drop raw readings older than this (aggregates keep their own, longer history). */
  static final String RETAIN_RAW = "400 days";

  private static final String[] AGGREGATE_VIEWS = {"reading_15m", "reading_1h"};

  private TimescaleSetup() {}

  /**
   * Applies the TimescaleDB features if the extension is installed and preloaded.
   *
   * @return whether TimescaleDB is in use
   */
  public static boolean apply(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      if (!usable(st)) {
        LOG.info("storage: plain PostgreSQL (TimescaleDB extension not available)");
        return false;
      }
      st.execute("CREATE EXTENSION IF NOT EXISTS timescaledb");
      st.execute(
          "SELECT create_hypertable('reading', by_range('time', INTERVAL '1 day'),"
              + " if_not_exists => true, migrate_data => true)");
      st.execute(
          "ALTER TABLE reading SET (timescaledb.compress,"
              + " timescaledb.compress_segmentby = 'station_id, device_id',"
              + " timescaledb.compress_orderby = 'time DESC, seq DESC')");
      st.execute(
          "SELECT add_compression_policy('reading', INTERVAL '"
              + COMPRESS_AFTER
              + "', if_not_exists => true)");
      st.execute(
          "SELECT add_retention_policy('reading', INTERVAL '"
              + RETAIN_RAW
              + "', if_not_exists => true)");
      createAggregate(st, "reading_15m", "15 minutes", "1 hour");
      createAggregate(st, "reading_1h", "1 hour", "3 hours");
      LOG.info("storage: TimescaleDB hypertable, compression, retention and aggregates in place");
      return true;
    }
  }

  /** The extension must be installed and loaded through shared_preload_libraries. */
  static boolean usable(Statement st) throws SQLException {
    try (ResultSet rs =
        st.executeQuery(
            "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'),"
                + " current_setting('shared_preload_libraries')")) {
      rs.next();
      return rs.getBoolean(1) && rs.getString(2).contains("timescaledb");
    }
  }

  /**
   * Creates a continuous aggregate over trusted readings only. One made before quality flags
   * existed (it counts flagged readings) is dropped, made again and refreshed over all the raw
   * readings kept: a one-off cost at the upgrade.
   */
  private static void createAggregate(Statement st, String view, String width, String refreshLag)
      throws SQLException {
    boolean rebuilt = false;
    try (ResultSet rs =
        st.executeQuery(
            "SELECT view_definition FROM timescaledb_information.continuous_aggregates"
                + " WHERE view_name = '"
                + view
                + "'")) {
      if (rs.next() && !rs.getString(1).contains("flags")) {
        rebuilt = true;
      }
    }
    if (rebuilt) {
      LOG.info("storage: rebuilding {} without flagged readings", view);
      st.execute("DROP MATERIALIZED VIEW " + view);
    }
    st.execute(
        "CREATE MATERIALIZED VIEW IF NOT EXISTS "
            + view
            + " WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS"
            + " SELECT station_id, time_bucket(INTERVAL '"
            + width
            + "', time, "
            + ReadingHistory.ORIGIN
            + ") AS bucket,"
            + " avg(occupancy)::float8 AS occupancy_avg, max(occupancy) AS occupancy_max,"
            + " avg(temperature_c)::float8 AS temperature_avg,"
            + " min(temperature_c)::float8 AS temperature_min,"
            + " max(temperature_c)::float8 AS temperature_max,"
            + " avg(humidity_pct)::float8 AS humidity_avg, count(*) AS readings"
            + " FROM reading WHERE flags IS NULL GROUP BY station_id, bucket WITH NO DATA");
    st.execute(
        "SELECT add_continuous_aggregate_policy('"
            + view
            + "', start_offset => INTERVAL '3 days', end_offset => INTERVAL '"
            + refreshLag
            + "', schedule_interval => INTERVAL '"
            + width
            + "', if_not_exists => true)");
    if (rebuilt) {
      st.execute("CALL refresh_continuous_aggregate('" + view + "', NULL, NULL)");
    }
  }

  /** The query reading a bucket from its continuous aggregate, or null when there is none. */
  static String aggregateQuery(Bucket bucket) {
    String view =
        switch (bucket) {
          case M15 -> AGGREGATE_VIEWS[0];
          case H1 -> AGGREGATE_VIEWS[1];
          default -> null;
        };
    if (view == null) {
      return null;
    }
    return "SELECT bucket, occupancy_avg, occupancy_max, temperature_avg, temperature_min,"
        + " temperature_max, humidity_avg, readings FROM "
        + view
        + " WHERE station_id = ? AND bucket >= ? AND bucket < ? ORDER BY bucket";
  }
}
