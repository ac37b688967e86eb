package org.yizhan.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.config.StorageConfig;

/**
 * The upkeep of plain PostgreSQL: day partitions made ahead, readings and rollups past their
 * retention dropped, and pending rollup sums folded in.
 */
public final class PlainTasks {

  private static final Logger LOG = LoggerFactory.getLogger(PlainTasks.class);

  /** Partitions exist from this many days back (devices may send readings 7 days old)... */
  static final int DAYS_BEHIND = 8;

  /** ...to this many days ahead, so a day never starts without its partition. */
  static final int DAYS_AHEAD = 3;

  /** Rollup rows deleted per statement by retention, so no delete holds locks for long. */
  static final int DELETE_CHUNK = 50_000;

  private PlainTasks() {}

  public static List<MaintenanceTask> all(StorageConfig config, Clock clock) {
    return List.of(partitions(clock), retention(config, clock), fold(config));
  }

  /** Makes the day partitions from {@link #DAYS_BEHIND} days back to {@link #DAYS_AHEAD} ahead. */
  static MaintenanceTask partitions(Clock clock) {
    return task(
        "partitions",
        Duration.ofHours(1),
        ds -> {
          LocalDate today = Partitions.dayOf(clock.instant());
          try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
              int made =
                  Partitions.ensure(c, today.minusDays(DAYS_BEHIND), today.plusDays(DAYS_AHEAD));
              c.commit();
              if (made > 0) {
                LOG.info("storage: made {} day partitions", made);
              }
            } catch (SQLException e) {
              c.rollback();
              throw e;
            } finally {
              c.setAutoCommit(true);
            }
          }
        });
  }

  /**
   * Drops the day partitions wholly older than the raw retention (detached concurrently, so writers
   * are not blocked), then the rollup rows older than theirs.
   */
  static MaintenanceTask retention(StorageConfig config, Clock clock) {
    return task(
        "retention",
        Duration.ofHours(1),
        ds -> {
          Instant now = clock.instant();
          try (Connection c = ds.getConnection()) {
            c.setAutoCommit(true);
            List<Partitions.Partition> old =
                Partitions.olderThan(c, now.minus(config.rawRetention()));
            Partitions.dropAll(c, old);
            if (!old.isEmpty()) {
              LOG.info(
                  "storage: dropped {} day partitions of readings older than {} days",
                  old.size(),
                  config.rawRetention().toDays());
            }
            trim(c, Rollup.M15, config.rollup15mRetention(), now);
            trim(c, Rollup.H1, config.rollup1hRetention(), now);
            trim(c, Rollup.D1, config.rollup1dRetention(), now);
          }
        });
  }

  private static void trim(Connection c, Rollup r, Optional<Duration> keep, Instant now)
      throws SQLException {
    if (keep.isEmpty()) {
      return;
    }
    Timestamp cutoff = Timestamp.from(now.minus(keep.get()));
    long total = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "DELETE FROM "
                + r.table()
                + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM "
                + r.table()
                + " WHERE bucket < ? LIMIT "
                + DELETE_CHUNK
                + "))")) {
      ps.setTimestamp(1, cutoff);
      int n;
      do {
        n = ps.executeUpdate();
        total += n;
      } while (n == DELETE_CHUNK);
    }
    if (total > 0) {
      LOG.info("storage: dropped {} {} rollup rows past their retention", total, r.table());
    }
  }

  /** Folds the pending rollup sums into the rollup tables. */
  public static MaintenanceTask fold(StorageConfig config) {
    return task(
        "rollups",
        config.rollupFold(),
        ds -> {
          try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
              boolean mine;
              try (ResultSet rs =
                  st.executeQuery(
                      "SELECT pg_try_advisory_xact_lock(" + RollupSql.FOLD_LOCK + ")")) {
                rs.next();
                mine = rs.getBoolean(1);
              }
              if (mine) {
                try (ResultSet rs = st.executeQuery(RollupSql.FOLD)) {
                  rs.next();
                }
              }
              c.commit();
            } catch (SQLException e) {
              c.rollback();
              throw e;
            } finally {
              c.setAutoCommit(true);
            }
          }
        });
  }

  /** What a task does with the database. */
  interface Work {
    void run(DataSource ds) throws SQLException;
  }

  static MaintenanceTask task(String name, Duration every, Work work) {
    return new MaintenanceTask() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Duration every() {
        return every;
      }

      @Override
      public void run(DataSource ds) throws SQLException {
        work.run(ds);
      }
    };
  }
}
