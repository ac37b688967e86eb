package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.config.StorageConfig;
import org.yizhan.db.Database;
import org.yizhan.history.Bucket;
import org.yizhan.history.ReadingHistory;
import org.yizhan.testing.RawBuckets;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.Timescale;

/**
 * Verifies the TimescaleDB path: hypertable, compression and retention policies, and continuous
 * aggregates. Runs only where the test database has the extension preloaded (point
 * YIZHAN_TEST_DB_URL at such a server); skipped with a message otherwise, or failed when
 * YIZHAN_TEST_REQUIRE_TIMESCALE=1 (the CI's TimescaleDB stage).
 */
@Tag(Timescale.TAG)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TimescaleIT {

  @Test
  void readingBecomesAHypertableWithPoliciesAndAggregates() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      boolean timescale =
          TimescaleSetup.apply(db.dataSource(), StorageConfig.DEFAULTS) == Store.TIMESCALE;
      Timescale.assumeOrFail(timescale, "the hypertable, policy and aggregate checks");
      // Applying twice is harmless (the server does it at every start).
      assertThat(TimescaleSetup.apply(db.dataSource(), StorageConfig.DEFAULTS) == Store.TIMESCALE)
          .isTrue();
      assertThat(
              single(
                  db,
                  "SELECT count(*) FROM timescaledb_information.hypertables"
                      + " WHERE hypertable_name = 'reading'"))
          .isEqualTo(1);
      assertThat(
              single(
                  db,
                  "SELECT count(*) FROM timescaledb_information.jobs"
                      + " WHERE hypertable_name = 'reading'"
                      + " AND proc_name IN ('policy_compression', 'policy_retention')"))
          .isEqualTo(2);
      assertThat(
              single(
                  db,
                  "SELECT count(*) FROM timescaledb_information.continuous_aggregates"
                      + " WHERE view_name IN ('reading_15m', 'reading_1h', 'reading_1d')"))
          .isEqualTo(3);
    }
  }

  @Test
  void compressedChunksStillAnswerHistoryAndTakeRedeliveriesOnce() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 3)) {
      Timescale.assumeOrFail(
          TimescaleSetup.apply(db.dataSource(), StorageConfig.DEFAULTS) == Store.TIMESCALE,
          "the compression checks");
      org.yizhan.ingest.ReadingWriter writer =
          new org.yizhan.ingest.ReadingWriter(db.dataSource(), 10_000, 1_000, r -> {});
      writer.start();
      try {
        // Four hours of one reading a minute, a month ago: old enough to be compressed.
        java.time.Instant base =
            java.time.Instant.now()
                .minus(java.time.Duration.ofDays(30))
                .truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        java.util.List<org.yizhan.telemetry.Reading> month = new java.util.ArrayList<>();
        for (int i = 0; i < 240; i++) {
          month.add(reading(i, base.plusSeconds(60L * i), i % 12, 18.0 + (i % 7) / 2.0));
        }
        write(writer, month);
        long compressed =
            single(
                db,
                "SELECT count(compress_chunk(c, true)) FROM show_chunks('reading',"
                    + " older_than => interval '7 days') c");
        assertThat(compressed).as("chunks compressed").isPositive();

        refreshAggregates(db); // materialized, not only the real-time part
        org.yizhan.history.Bucket[] buckets = {Bucket.RAW, Bucket.M15, Bucket.H1, Bucket.D1};
        java.util.Map<Bucket, String> before = new java.util.EnumMap<>(Bucket.class);
        ReadingHistory fromAggregates = new ReadingHistory(db.dataSource(), Store.TIMESCALE);
        java.time.Instant from = base.minus(java.time.Duration.ofDays(1));
        java.time.Instant to = base.plus(java.time.Duration.ofDays(1));
        for (Bucket b : buckets) {
          String agg = fromAggregates.query("st-ts", from, to, b).encode();
          if (b != Bucket.RAW) {
            // The continuous aggregates answer exactly what the raw readings give.
            assertThat(fromAggregates.query("st-ts", from, to, b).getJsonArray("buckets"))
                .as(b.name())
                .isEqualTo(RawBuckets.of(db.dataSource(), "st-ts", from, to, b.width()));
          }
          before.put(b, agg);
        }

        // A device resends 60 of those readings (into the compressed chunk) and adds 5 new ones.
        java.util.List<org.yizhan.telemetry.Reading> resend =
            new java.util.ArrayList<>(month.subList(100, 160));
        for (int i = 240; i < 245; i++) {
          resend.add(reading(i, base.plusSeconds(60L * i), 3, 20.0));
        }
        write(writer, resend);
        assertThat(single(db, "SELECT count(*) FROM reading WHERE device_id = 'dev-ts'"))
            .isEqualTo(245);
        assertThat(
                single(
                    db,
                    "SELECT count(*) FROM (SELECT 1 FROM reading GROUP BY device_id, seq, time"
                        + " HAVING count(*) > 1) d"))
            .isZero();
        refreshAggregates(db);
        String h1 = fromAggregates.query("st-ts", from, to, Bucket.H1).encode();
        assertThat(h1).isNotEqualTo(before.get(Bucket.H1)); // the 5 new readings count
        assertThat(fromAggregates.query("st-ts", from, to, Bucket.H1).getJsonArray("buckets"))
            .isEqualTo(RawBuckets.of(db.dataSource(), "st-ts", from, to, Bucket.H1.width()));
      } finally {
        writer.close();
      }
    }
  }

  private static org.yizhan.telemetry.Reading reading(
      long seq, java.time.Instant time, int occupancy, double temperature) {
    return new org.yizhan.telemetry.Reading(
        "st-ts",
        "dev-ts",
        seq,
        time,
        occupancy,
        null,
        null,
        temperature,
        50.0,
        80,
        -70,
        null,
        time.plusSeconds(2));
  }

  private static void refreshAggregates(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      st.execute("CALL refresh_continuous_aggregate('reading_15m', NULL, NULL)");
      st.execute("CALL refresh_continuous_aggregate('reading_1h', NULL, NULL)");
      st.execute("CALL refresh_continuous_aggregate('reading_1d', NULL, NULL)");
    }
  }

  private static void write(
      org.yizhan.ingest.ReadingWriter writer, java.util.List<org.yizhan.telemetry.Reading> rs)
      throws Exception {
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    assertThat(writer.submit(rs, org.yizhan.ingest.Committed.then(done::countDown))).isTrue();
    assertThat(done.await(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
  }

  private static long single(Database db, String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
