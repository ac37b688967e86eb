package org.yizhan.storage;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.config.StorageConfig;

/**
 * Turns the plain {@code reading} table into a TimescaleDB hypertable with compression, retention
 * and continuous aggregates, when the extension can be used; otherwise leaves plain PostgreSQL as
 * it is (where the migrations have partitioned it by day). Runs after the Flyway migrations,
 * idempotently, outside a transaction (continuous aggregates cannot be created inside one, which is
 * why this is not a migration). Retention follows the configuration at every start.
 */
public final class TimescaleSetup {

  private static final Logger LOG = LoggerFactory.getLogger(TimescaleSetup.class);

  /** Compress chunks older than this. */
  static final Duration COMPRESS_AFTER = Duration.ofDays(7);

  private TimescaleSetup() {}

  /** Applies the TimescaleDB features if the extension is installed and preloaded. */
  public static Store apply(DataSource ds, StorageConfig config) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      if (!usable(st)) {
        LOG.info(
            "storage: plain PostgreSQL, readings partitioned by day (TimescaleDB not available)");
        return Store.PLAIN;
      }
      if (Partitions.partitioned(c)) {
        LOG.warn(
            "storage: TimescaleDB is available but readings are already partitioned by day on"
                + " plain PostgreSQL; they stay so (moving them into a hypertable is a manual step,"
                + " see docs/storage.md)");
        return Store.PLAIN;
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
              + COMPRESS_AFTER.toSeconds()
              + " seconds', if_not_exists => true)");
      retention(st, "reading", Optional.of(config.rawRetention()));
      for (Rollup r : Rollup.values()) {
        createAggregate(st, r);
      }
      retention(st, Rollup.M15.aggregate(), config.rollup15mRetention());
      retention(st, Rollup.H1.aggregate(), config.rollup1hRetention());
      retention(st, Rollup.D1.aggregate(), config.rollup1dRetention());
      LOG.info("storage: TimescaleDB hypertable, compression, retention and aggregates in place");
      return Store.TIMESCALE;
    }
  }

  /** The extension must be installed and loaded through shared_preload_libraries. */
  public static boolean usable(Statement st) throws SQLException {
    try (ResultSet rs =
        st.executeQuery(
            "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'timescaledb'),"
                + " current_setting('shared_preload_libraries')")) {
      rs.next();
      return rs.getBoolean(1) && rs.getString(2).contains("timescaledb");
    }
  }

  /**
   * Sets a relation's retention policy to {@code keep} (none when empty), replacing one with
   * another interval: a changed setting takes effect at the next start.
   */
  private static void retention(Statement st, String relation, Optional<Duration> keep)
      throws SQLException {
    Long current = null;
    try (ResultSet rs =
        st.executeQuery(
            "SELECT extract(epoch FROM (config ->> 'drop_after')::interval)::bigint"
                + " FROM timescaledb_information.jobs WHERE proc_name = 'policy_retention'"
                + " AND hypertable_name = (SELECT coalesce((SELECT materialization_hypertable_name"
                + " FROM timescaledb_information.continuous_aggregates WHERE view_name = '"
                + relation
                + "'), '"
                + relation
                + "'))")) {
      if (rs.next()) {
        current = rs.getLong(1);
      }
    }
    Long wanted = keep.map(Duration::toSeconds).orElse(null);
    if (java.util.Objects.equals(current, wanted)) {
      return;
    }
    if (current != null) {
      st.execute("SELECT remove_retention_policy('" + relation + "', if_exists => true)");
    }
    if (wanted != null) {
      st.execute(
          "SELECT add_retention_policy('"
              + relation
              + "', INTERVAL '"
              + wanted
              + " seconds', if_not_exists => true)");
    }
    LOG.info(
        "storage: {} kept {}", relation, keep.map(d -> d.toDays() + " days").orElse("for ever"));
  }

  /**
   * Creates a continuous aggregate over trusted readings only. One made before quality flags
   * existed (it counts flagged readings) is dropped, made again and refreshed over all the raw
   * readings kept: a one-off cost at the upgrade.
   */
  private static void createAggregate(Statement st, Rollup r) throws SQLException {
    String view = r.aggregate();
    boolean rebuilt = false;
    boolean exists = false;
    try (ResultSet rs =
        st.executeQuery(
            "SELECT view_definition FROM timescaledb_information.continuous_aggregates"
                + " WHERE view_name = '"
                + view
                + "'")) {
      if (rs.next()) {
        exists = true;
        rebuilt = !rs.getString(1).contains("flags");
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
            + r.interval()
            + "', time, "
            + Rollup.ORIGIN
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
            + "', start_offset => INTERVAL '8 days', end_offset => INTERVAL '"
            + r.refreshLag()
            + "', schedule_interval => INTERVAL '"
            + r.interval()
            + "', if_not_exists => true)");
    if (rebuilt || !exists) {
      // A new aggregate over readings already kept (an upgrade): materialise them once.
      st.execute("CALL refresh_continuous_aggregate('" + view + "', NULL, NULL)");
    }
  }
}
