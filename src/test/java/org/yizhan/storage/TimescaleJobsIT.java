package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.config.StorageConfig;
import org.yizhan.db.Database;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.Timescale;

/**
 * Verifies that the server watches TimescaleDB's policy jobs and runs them itself: the background
 * workers fail on PostgreSQL 15.20, so each job has no success of its own, and the maintenance task
 * runs it with {@code CALL run_job} (a chunk 10 days old ends up compressed) and records the
 * success; a changed schedule is followed; disk use shows the chunk before and after compression.
 * Runs only against a database with TimescaleDB (YIZHAN_TEST_DB_URL), skipped with a message
 * otherwise.
 */
@Tag(Timescale.TAG)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TimescaleJobsIT {

  @Test
  void jobsWithoutASuccessOfTheirOwnAreRunByTheServerAndRecorded() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 3)) {
      Timescale.assumeOrFail(
          TimescaleSetup.apply(db.dataSource(), StorageConfig.DEFAULTS) == Store.TIMESCALE,
          "the TimescaleDB job watch");
      exec(
          db,
          "INSERT INTO reading (time, station_id, device_id, seq, occupancy, received_at)"
              + " SELECT g, 'st-jobs', 'dev-jobs', extract(epoch FROM g)::bigint, 3, now()"
              + " FROM generate_series(now() - interval '10 days',"
              + " now() - interval '10 days' + interval '2 hours', interval '1 minute') g");
      assertThat(compressedChunks(db)).isZero();

      List<MaintenanceTask> tasks = TimescaleJobs.all(db.dataSource());
      assertThat(tasks)
          .extracting(MaintenanceTask::name)
          .containsExactlyInAnyOrder(
              "compression", "retention", "rollup_15m", "rollup_1h", "rollup_1d");
      assertThat(task(tasks, "rollup_15m").every()).isEqualTo(Duration.ofMinutes(15));
      assertThat(task(tasks, "rollup_1d").every()).isEqualTo(Duration.ofDays(1));

      Instant started = Instant.now();
      Maintenance m = new Maintenance(db.dataSource(), tasks, Clock.systemUTC());
      for (MaintenanceTask task : tasks) {
        m.runOnce(task);
      }
      for (TaskStatus s : m.status()) {
        assertThat(s.lastError()).as(s.name()).isNull();
        assertThat(s.lastSuccess()).as(s.name()).isAfterOrEqualTo(started);
        assertThat(s.late(Instant.now())).as(s.name()).isFalse();
      }
      assertThat(compressedChunks(db)).as("run_job compressed the old chunk").isPositive();

      DiskUse.Report disk = DiskUse.of(db.dataSource(), Store.TIMESCALE);
      DiskUse.Day old = disk.days().get(0);
      assertThat(old.compressed()).isTrue();
      assertThat(old.uncompressedBytes()).isPositive();
      assertThat(old.bytes()).isPositive();
      assertThat(disk.rollupBytes()).isPositive();
      assertThat(disk.databaseBytes()).isGreaterThan(disk.rawBytes());

      // A changed policy is followed at the next run.
      exec(
          db,
          "SELECT alter_job(job_id, schedule_interval => interval '2 hours')"
              + " FROM timescaledb_information.jobs WHERE proc_name = 'policy_compression'");
      m.runOnce(task(tasks, "compression"));
      assertThat(task(tasks, "compression").every()).isEqualTo(Duration.ofHours(2));
      assertThat(m.status())
          .filteredOn(s -> s.name().equals("compression"))
          .extracting(TaskStatus::every)
          .containsExactly(Duration.ofHours(2));
    }
  }

  private static MaintenanceTask task(List<MaintenanceTask> tasks, String name) {
    return tasks.stream().filter(x -> x.name().equals(name)).findFirst().orElseThrow();
  }

  private static long compressedChunks(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT count(*) FROM timescaledb_information.chunks"
                    + " WHERE hypertable_name = 'reading' AND is_compressed")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void exec(Database db, String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
