package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.config.StorageConfig;
import org.yizhan.db.Database;
import org.yizhan.testing.DayPartitions;
import org.yizhan.testing.TestDatabases;

/**
 * Retention on plain PostgreSQL: whole day partitions past the raw retention go (while writers go
 * on), the rollups stay unless their own retention says otherwise, and partitions are made ahead.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RetentionIT {

  @Test
  void oldDaysAreDroppedWhileWritersGoOnAndRollupsOutliveThem() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 4)) {
      Assumptions.assumeTrue(
          TimescaleSetup.apply(db.dataSource(), StorageConfig.DEFAULTS) == Store.PLAIN,
          "day partitions are plain PostgreSQL's");
      Instant now = Instant.now();
      Instant start = Partitions.startOf(Partitions.dayOf(now).minusDays(60));
      DayPartitions.cover(db.dataSource(), start, now);
      // One reading every 6 hours for 61 days.
      long n = 0;
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO reading (time, station_id, device_id, seq, occupancy, received_at)"
                      + " VALUES (?, 'st-ret', 'dev-ret', ?, 3, now())")) {
        for (Instant at = start.plusSeconds(60);
            at.isBefore(now);
            at = at.plus(Duration.ofHours(6))) {
          ps.setTimestamp(1, Timestamp.from(at));
          ps.setLong(2, ++n);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      Maintenance fold = maintenance(db, PlainTasks.fold(StorageConfig.DEFAULTS));
      fold.runOnce(fold.tasks().get(0));
      long rollupDays = count(db, "SELECT count(*) FROM rollup_1d");
      assertThat(rollupDays).isBetween(60L, 62L);

      // Keep 30 days of raw readings, 15-minute rollups 40 days, the others for ever.
      StorageConfig config =
          new StorageConfig(
              Duration.ofDays(30),
              Optional.of(Duration.ofDays(40)),
              Optional.empty(),
              Optional.empty(),
              Duration.ofSeconds(10));
      // A writer keeps inserting today while the month goes.
      AtomicBoolean writing = new AtomicBoolean(true);
      AtomicLong written = new AtomicLong();
      AtomicReference<Exception> writeFailure = new AtomicReference<>();
      Thread writer =
          new Thread(
              () -> {
                try (Connection c = db.dataSource().getConnection();
                    PreparedStatement ps =
                        c.prepareStatement(
                            "INSERT INTO reading (time, station_id, device_id, seq, occupancy,"
                                + " received_at) VALUES (now(), 'st-live', 'dev-live', ?, 1, now())")) {
                  while (writing.get()) {
                    ps.setLong(1, written.incrementAndGet());
                    ps.executeUpdate();
                  }
                } catch (Exception e) {
                  writeFailure.set(e);
                }
              });
      writer.start();
      Maintenance retention =
          maintenance(db, PlainTasks.retention(config, Clock.fixed(now, ZoneOffset.UTC)));
      retention.runOnce(retention.tasks().get(0));
      writing.set(false);
      writer.join(10_000);
      assertThat(writeFailure.get()).isNull();
      assertThat(written.get()).isPositive();
      assertThat(retention.status().get(0).lastError()).isNull();
      assertThat(retention.status().get(0).lastSuccess()).isNotNull();

      Instant cutoff = now.minus(Duration.ofDays(30));
      try (Connection c = db.dataSource().getConnection()) {
        List<Partitions.Partition> left = Partitions.list(c);
        assertThat(left).allSatisfy(p -> assertThat(p.to()).isAfter(cutoff));
        assertThat(left.get(0).from()).isAfter(cutoff.minus(Duration.ofDays(1)));
      }
      // Raw readings older than the oldest partition left are gone, newer ones all kept.
      assertThat(count(db, "SELECT count(*) FROM reading WHERE device_id = 'dev-ret'"))
          .isBetween((long) (30 * 4 - 4), (long) (31 * 4 + 4));
      assertThat(count(db, "SELECT count(*) FROM reading WHERE device_id = 'dev-live'"))
          .isEqualTo(written.get());
      // Daily and hourly rollups outlive the raw readings; 15-minute ones go after 40 days.
      assertThat(count(db, "SELECT count(*) FROM rollup_1d")).isEqualTo(rollupDays);
      assertThat(count(db, "SELECT count(*) FROM rollup_1h WHERE station_id = 'st-ret'"))
          .isEqualTo(n);
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM rollup_15m WHERE bucket < '"
                      + now.minus(Duration.ofDays(40))
                      + "'"))
          .isZero();
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM rollup_15m WHERE station_id = 'st-ret' AND bucket >= '"
                      + now.minus(Duration.ofDays(40))
                      + "'"))
          .isBetween(39L * 4, 41L * 4);

      // Partitions are made ahead: three days from now exist after the partitions task.
      Maintenance ahead = maintenance(db, PlainTasks.partitions(Clock.fixed(now, ZoneOffset.UTC)));
      ahead.runOnce(ahead.tasks().get(0));
      try (Connection c = db.dataSource().getConnection()) {
        Instant last = Partitions.list(c).get(Partitions.list(c).size() - 1).to();
        assertThat(last).isEqualTo(Partitions.startOf(Partitions.dayOf(now).plusDays(4)));
      }
    }
  }

  @Test
  void aLongReaderMakesTheDropGoTheGentleWayAndItStillEnds() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 4)) {
      Assumptions.assumeTrue(
          TimescaleSetup.apply(db.dataSource(), StorageConfig.DEFAULTS) == Store.PLAIN,
          "day partitions are plain PostgreSQL's");
      Instant now = Instant.now();
      DayPartitions.cover(db.dataSource(), now.minus(Duration.ofDays(40)), now);
      List<Partitions.Partition> old;
      try (Connection c = db.dataSource().getConnection()) {
        old = Partitions.olderThan(c, now.minus(Duration.ofDays(30)));
      }
      assertThat(old).hasSizeGreaterThan(5);
      // A reader holds reading for a second: the one-transaction drop cannot get its lock in
      // time, so the partitions go one by one once the reader is done.
      CountDownLatch holding = new CountDownLatch(1);
      Thread reader =
          new Thread(
              () -> {
                try (Connection c = db.dataSource().getConnection();
                    Statement st = c.createStatement()) {
                  c.setAutoCommit(false);
                  st.execute("LOCK TABLE reading IN ACCESS SHARE MODE");
                  holding.countDown();
                  Thread.sleep(1000);
                  c.commit();
                } catch (Exception e) {
                  holding.countDown();
                }
              });
      reader.start();
      assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
      try (Connection c = db.dataSource().getConnection()) {
        Partitions.dropAll(c, old);
        assertThat(c.getAutoCommit()).isTrue();
        assertThat(Partitions.list(c))
            .noneMatch(p -> old.stream().anyMatch(o -> o.name().equals(p.name())));
      }
      reader.join(10_000);
      assertThat(
              count(
                  db, "SELECT count(*) FROM pg_class WHERE relname = '" + old.get(0).name() + "'"))
          .isZero();
    }
  }

  private static Maintenance maintenance(Database db, MaintenanceTask task) {
    return new Maintenance(db.dataSource(), List.of(task), Clock.systemUTC());
  }

  private static long count(Database db, String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
