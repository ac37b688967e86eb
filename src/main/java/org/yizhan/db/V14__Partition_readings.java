package org.yizhan.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.storage.Partitions;
import org.yizhan.storage.RollupSql;
import org.yizhan.storage.TimescaleSetup;

/**
 * On plain PostgreSQL, turns {@code reading} into a table partitioned by day (China time), with a
 * trigger that adds each inserted batch's sums to the rollups, and builds the rollups of the
 * readings already kept. Where TimescaleDB is to be used, does nothing: the hypertable takes this
 * part (see TimescaleSetup).
 *
 * <p>A populated table is not copied: it is renamed {@code reading_legacy} and attached whole as
 * the partition of everything up to the end of its newest day, which costs one read of it for
 * PostgreSQL's range check, not a rewrite; it is dropped once its newest day passes the retention.
 * Like every migration this runs in one transaction: a failure leaves the old table as it was.
 */
@SuppressWarnings("checkstyle:TypeName") // Flyway reads the version from the class name
public final class V14__Partition_readings extends BaseJavaMigration {

  private static final Logger LOG = LoggerFactory.getLogger(V14__Partition_readings.class);

  @Override
  public void migrate(Context context) throws SQLException {
    Connection c = context.getConnection();
    try (Statement st = c.createStatement()) {
      if (TimescaleSetup.usable(st) || hypertable(st)) {
        LOG.info("storage: TimescaleDB in use, reading stays for the hypertable");
        return;
      }
      Instant newest = null;
      long rows;
      try (ResultSet rs = st.executeQuery("SELECT count(*), max(time) FROM reading")) {
        rs.next();
        rows = rs.getLong(1);
        if (rs.getTimestamp(2) != null) {
          newest = rs.getTimestamp(2).toInstant();
        }
      }
      if (rows > 0) {
        LOG.info("storage: partitioning {} stored readings by day (one pass over them)", rows);
      }
      st.execute("ALTER TABLE reading RENAME TO reading_legacy");
      st.execute("ALTER INDEX reading_identity_idx RENAME TO reading_legacy_identity_idx");
      st.execute("ALTER INDEX reading_station_time_idx RENAME TO reading_legacy_station_time_idx");
      st.execute(
          "CREATE TABLE reading (LIKE reading_legacy INCLUDING DEFAULTS INCLUDING CONSTRAINTS)"
              + " PARTITION BY RANGE (time)");
      st.execute("CREATE UNIQUE INDEX reading_identity_idx ON reading (device_id, seq, time)");
      st.execute("CREATE INDEX reading_station_time_idx ON reading (station_id, time DESC)");
      LocalDate today = Partitions.dayOf(Instant.now());
      if (newest != null) {
        LocalDate end = Partitions.dayOf(newest).plusDays(1);
        st.execute(
            "ALTER TABLE reading ATTACH PARTITION reading_legacy FOR VALUES FROM (MINVALUE) TO ('"
                + Partitions.startOf(end)
                + "')");
      } else {
        st.execute("DROP TABLE reading_legacy");
      }
      st.execute(RollupSql.PENDING_FUNCTION);
      st.execute(RollupSql.PENDING_TRIGGER);
      Partitions.ensure(c, today.minusDays(8), today.plusDays(3));
      if (rows > 0) {
        RollupSql.rebuild(c);
        LOG.info("storage: rollups built from the {} stored readings", rows);
      }
    }
  }

  private static boolean hypertable(Statement st) throws SQLException {
    try (ResultSet rs =
        st.executeQuery("SELECT to_regclass('_timescaledb_catalog.hypertable') IS NOT NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return false;
      }
    }
    try (ResultSet rs =
        st.executeQuery(
            "SELECT EXISTS (SELECT 1 FROM _timescaledb_catalog.hypertable"
                + " WHERE table_name = 'reading')")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }
}
