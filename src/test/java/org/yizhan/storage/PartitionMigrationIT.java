package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.config.StorageConfig;
import org.yizhan.db.Database;
import org.yizhan.history.Bucket;
import org.yizhan.history.ReadingHistory;
import org.yizhan.testing.RawBuckets;
import org.yizhan.testing.TestDatabases;

/**
 * The upgrade of a populated database from the single {@code reading} table (schema version 13) to
 * day partitions: every reading kept, none twice, the rollups built from them equal to the raw
 * readings, new readings landing in day partitions, and a second start changing nothing.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class PartitionMigrationIT {

  private static final String[] STATIONS = {"st-m1", "st-m2"};

  @Test
  void aPopulatedSingleTableIsPartitionedWithItsRollupsBuilt() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    Flyway before =
        Flyway.configure()
            .dataSource(t.url(), t.user(), t.password())
            .locations("classpath:db/migration")
            .target("13")
            .load();
    before.migrate();
    Instant now = Instant.now();
    Instant oldest = now.minus(Duration.ofDays(40));
    long rows;
    try (Connection c = before.getConfiguration().getDataSource().getConnection()) {
      try (Statement st = c.createStatement()) {
        Assumptions.assumeFalse(
            TimescaleSetup.usable(st), "TimescaleDB takes the single table as a hypertable");
      }
      rows = fill(c, oldest, now);
    }
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      assertThat(TimescaleSetup.apply(db.dataSource(), StorageConfig.DEFAULTS))
          .isEqualTo(Store.PLAIN);
      try (Connection c = db.dataSource().getConnection()) {
        assertThat(Partitions.partitioned(c)).isTrue();
        List<Partitions.Partition> parts = Partitions.list(c);
        assertThat(parts.get(0).name()).isEqualTo("reading_legacy");
        assertThat(parts.get(0).from()).isNull();
        assertThat(parts.get(0).to())
            .isEqualTo(Partitions.startOf(Partitions.dayOf(now).plusDays(1)));
        assertThat(parts.subList(1, parts.size()))
            .allSatisfy(p -> assertThat(p.name()).startsWith("reading_d"));
      }
      assertThat(count(db, "SELECT count(*) FROM reading")).isEqualTo(rows);
      assertThat(count(db, "SELECT count(*) FROM reading_legacy")).isEqualTo(rows);
      assertThat(
              count(
                  db,
                  "SELECT count(*) FROM (SELECT 1 FROM reading GROUP BY device_id, seq, time"
                      + " HAVING count(*) > 1) d"))
          .isZero();
      // The rollups were built from the readings kept, the pending sums are empty.
      assertThat(count(db, "SELECT count(*) FROM rollup_pending")).isZero();
      ReadingHistory history = new ReadingHistory(db.dataSource(), Store.PLAIN);
      Instant from = Rollup.D1.floor(oldest);
      Instant to = now.plus(Duration.ofDays(1));
      for (String s : STATIONS) {
        for (Bucket b : new Bucket[] {Bucket.H1, Bucket.D1}) {
          assertThat(history.query(s, from, to, b).getJsonArray("buckets"))
              .as(s + " " + b.code())
              .hasSizeGreaterThan(10)
              .isEqualTo(RawBuckets.of(db.dataSource(), s, from, to, b.width()));
        }
        Instant m = Rollup.M15.floor(now.minus(Duration.ofDays(20)));
        assertThat(
                history.query(s, m, m.plus(Duration.ofDays(2)), Bucket.M15).getJsonArray("buckets"))
            .isEqualTo(
                RawBuckets.of(
                    db.dataSource(), s, m, m.plus(Duration.ofDays(2)), Duration.ofMinutes(15)));
      }
      // A redelivery of an old reading is still refused by the unique index across the partitions.
      try (Connection c = db.dataSource().getConnection();
          Statement st = c.createStatement()) {
        assertThatThrownBy(
                () ->
                    st.executeUpdate(
                        "INSERT INTO reading SELECT * FROM reading_legacy ORDER BY time LIMIT 1"))
            .hasMessageContaining("duplicate key");
      }
      // A new reading today lands in today's day partition and in the rollups.
      try (Connection c = db.dataSource().getConnection();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO reading (time, station_id, device_id, seq, occupancy, received_at)"
                      + " VALUES (?, 'st-m1', 'dev-st-m1', 99999999, 7, now())"
                      + " RETURNING tableoid::regclass::text")) {
        ps.setTimestamp(1, Timestamp.from(now.plus(Duration.ofDays(1))));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertThat(rs.getString(1))
              .isEqualTo(
                  "reading_d"
                      + Partitions.dayOf(now.plus(Duration.ofDays(1))).toString().replace("-", ""));
        }
      }
      assertThat(
              history
                  .query("st-m1", from, to.plus(Duration.ofDays(2)), Bucket.D1)
                  .getJsonArray("buckets"))
          .isEqualTo(
              RawBuckets.of(
                  db.dataSource(), "st-m1", from, to.plus(Duration.ofDays(2)), Duration.ofDays(1)));
    }
    // A second start finds the migration done and the partitions there.
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      assertThat(count(db, "SELECT count(*) FROM reading")).isEqualTo(rows + 1);
    }
  }

  /** 40 days of two stations, a reading every 7 minutes, every 17th flagged. */
  private static long fill(Connection c, Instant from, Instant to) throws Exception {
    Random random = new Random(19);
    long n = 0;
    c.setAutoCommit(false);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO reading (time, station_id, device_id, seq, occupancy, temperature_c,"
                + " humidity_pct, received_at, flags) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (String s : STATIONS) {
        long seq = 0;
        for (Instant at = from; at.isBefore(to); at = at.plusSeconds(420)) {
          ps.setTimestamp(1, Timestamp.from(at));
          ps.setString(2, s);
          ps.setString(3, "dev-" + s);
          ps.setLong(4, ++seq);
          ps.setInt(5, random.nextInt(20));
          ps.setFloat(6, 15 + random.nextInt(200) / 10f);
          ps.setFloat(7, 40 + random.nextInt(400) / 10f);
          ps.setTimestamp(8, Timestamp.from(at.plusSeconds(3)));
          if (seq % 17 == 0) {
            ps.setInt(9, 1);
          } else {
            ps.setNull(9, java.sql.Types.SMALLINT);
          }
          ps.addBatch();
          n++;
        }
      }
      ps.executeBatch();
    }
    c.commit();
    return n;
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
