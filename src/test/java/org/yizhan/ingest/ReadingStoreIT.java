package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.config.StorageConfig;
import org.yizhan.db.Database;
import org.yizhan.history.Bucket;
import org.yizhan.history.ReadingHistory;
import org.yizhan.live.LiveRebuild;
import org.yizhan.live.LiveState;
import org.yizhan.storage.Store;
import org.yizhan.storage.TimescaleSetup;
import org.yizhan.telemetry.Reading;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.Timescale;

/**
 * Verifies the storage path on a real PostgreSQL: callbacks run only after commit, redelivered
 * readings are stored once, live state follows commits and is rebuilt from the table, and history
 * buckets agree with the raw rows. Runs on plain PostgreSQL and on TimescaleDB (hypertable and
 * continuous aggregates), whichever the test database is; YIZHAN_TEST_REQUIRE_TIMESCALE=1 makes a
 * database without TimescaleDB a failure.
 */
@Tag(Timescale.TAG)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReadingStoreIT {

  private static Database db;
  private static LiveState live;
  private static ReadingWriter writer;
  private static Store store;

  @BeforeAll
  static void start() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    db = Database.external(t.url(), t.user(), t.password(), 4);
    store = TimescaleSetup.apply(db.dataSource(), StorageConfig.DEFAULTS);
    live = new LiveState();
    writer = new ReadingWriter(db.dataSource(), 10_000, 1_000, live::apply);
    writer.start();
    Timescale.failIfRequired(store == Store.TIMESCALE, "the storage checks on a hypertable");
  }

  @AfterAll
  static void stop() throws Exception {
    writer.close();
    db.close();
  }

  static Reading reading(
      String station, String device, long seq, Instant t, Integer occ, Double temp) {
    return new Reading(
        station,
        device,
        seq,
        t,
        occ,
        null,
        null,
        temp,
        temp == null ? null : 40.0,
        90,
        -70,
        "1.0",
        Instant.now());
  }

  private static void writeAndWait(List<Reading> readings) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    assertThat(writer.submit(readings, Committed.then(done::countDown))).isTrue();
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
  }

  private static long count(String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void callbackRunsAfterTheRowsAreCommittedAndRedeliveriesAreStoredOnce() throws Exception {
    Instant t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    List<Reading> batch = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      batch.add(reading("st-store", "dev-store", i, t.plusSeconds(i), i % 7, 20.0 + i / 10.0));
    }
    CountDownLatch done = new CountDownLatch(1);
    long[] rowsSeenByCallback = new long[1];
    writer.submit(
        batch,
        Committed.then(
            () -> {
              try {
                rowsSeenByCallback[0] =
                    count("SELECT count(*) FROM reading WHERE device_id = 'dev-store'");
              } catch (Exception e) {
                rowsSeenByCallback[0] = -1;
              }
              done.countDown();
            }));
    assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(rowsSeenByCallback[0]).isEqualTo(50);
    long[] before = writer.directAndConflictedBatches();

    // A redelivery of 20 readings plus 5 new ones: the straight COPY meets the unique index, the
    // batch is rolled back and goes through the staging table; the new ones are stored too.
    List<Reading> mixed = new ArrayList<>(batch.subList(10, 30));
    for (int i = 50; i < 55; i++) {
      mixed.add(reading("st-store", "dev-store", i, t.plusSeconds(i), 1, 21.0));
    }
    writeAndWait(mixed);
    writeAndWait(List.of(batch.get(0), batch.get(0))); // duplicated inside one batch
    assertThat(count("SELECT count(*) FROM reading WHERE device_id = 'dev-store'")).isEqualTo(55);
    long[] after = writer.directAndConflictedBatches();
    assertThat(after[1]).as("batches that met a redelivery").isGreaterThan(before[1]);
    assertThat(before[0]).as("batches written straight in").isPositive();
  }

  @Test
  void liveStateKeepsTheNewestValueEvenWhenBackfillArrivesLater() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    writeAndWait(List.of(reading("st-live", "dev-live", 100, now.minusSeconds(10), 7, 26.5)));
    writeAndWait(
        List.of(reading("st-live", "dev-live", 50, now.minus(2, ChronoUnit.HOURS), 1, 31.0)));
    var s = live.find("st-live").orElseThrow();
    assertThat(s.occupancy().value()).isEqualTo(7);
    assertThat(s.temperatureC().value()).isEqualTo(26.5);

    LiveState rebuilt = new LiveState();
    LiveRebuild.load(db.dataSource(), rebuilt);
    var r = rebuilt.find("st-live").orElseThrow();
    assertThat(r.occupancy().value()).isEqualTo(7);
    assertThat(r.occupancy().time()).isEqualTo(now.minusSeconds(10));
    assertThat(r.temperatureC().value()).isEqualTo(26.5);
    // The device's health inputs come back too.
    var seen = rebuilt.findDevice("dev-live").orElseThrow();
    assertThat(seen.lastReadingTime()).isEqualTo(now.minusSeconds(10));
    assertThat(seen.batteryPct()).isEqualTo(90);
    assertThat(seen.rssiDbm()).isEqualTo(-70);
  }

  /**
   * Verifies that a reload of a running live state (after missed announcements) leaves the stations
   * it changed marked for the live stream, while the start-up load leaves none marked.
   */
  @Test
  void aReloadMarksTheStationsItChangedForTheLiveStream() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    writeAndWait(List.of(reading("st-reload", "dev-reload", 1, now.minusSeconds(5), 3, 22.0)));
    LiveState atStart = new LiveState();
    LiveRebuild.load(db.dataSource(), atStart);
    assertThat(atStart.drainChanged()).as("marked after the start-up load").isEmpty();

    LiveState running = new LiveState();
    LiveRebuild.reload(db.dataSource(), running);
    assertThat(running.drainChanged()).as("marked after a reload").contains("st-reload");
    LiveRebuild.reload(db.dataSource(), running);
    assertThat(running.drainChanged()).as("marked after a reload that changed nothing").isEmpty();
  }

  @Test
  void bucketedHistoryAgreesWithTheRawReadings() throws Exception {
    Instant base = Instant.parse("2026-07-15T00:00:00Z"); // 08:00 in China
    List<Reading> rs = new ArrayList<>();
    for (int i = 0; i < 120; i++) { // two hours, one reading a minute
      rs.add(
          reading(
              "st-hist", "dev-hist", 1000 + i, base.plusSeconds(60L * i), i % 10, 20.0 + i % 5));
    }
    writeAndWait(rs);
    ReadingHistory history = new ReadingHistory(db.dataSource(), store);
    Instant from = base;
    Instant to = base.plusSeconds(7200);

    JsonArray raw = history.query("st-hist", from, to, Bucket.RAW).getJsonArray("readings");
    assertThat(raw).hasSize(120);

    JsonArray q = history.query("st-hist", from, to, Bucket.M15).getJsonArray("buckets");
    assertThat(q).hasSize(8);
    JsonObject first = q.getJsonObject(0);
    assertThat(first.getString("start")).isEqualTo("2026-07-15T00:00:00Z");
    assertThat(first.getLong("readings")).isEqualTo(15);
    // Minutes 0-14: occupancy i % 10 -> 0..9,0..4 -> mean 3.5 (sum 45+10=55 over 15 -> 3.67)
    assertThat(first.getDouble("occupancy_avg")).isEqualTo(3.67);
    assertThat(first.getInteger("occupancy_max")).isEqualTo(9);
    assertThat(first.getDouble("temperature_c_min")).isEqualTo(20.0);
    assertThat(first.getDouble("temperature_c_max")).isEqualTo(24.0);

    JsonArray h = history.query("st-hist", from, to, Bucket.H1).getJsonArray("buckets");
    assertThat(h).hasSize(2);
    assertThat(h.getJsonObject(0).getLong("readings")).isEqualTo(60);

    JsonArray d =
        history.query("st-hist", from.minusSeconds(86_400), to, Bucket.D1).getJsonArray("buckets");
    assertThat(d).hasSize(1);
    // Days are China calendar days: the bucket starts at 16:00 UTC the day before.
    assertThat(d.getJsonObject(0).getString("start")).isEqualTo("2026-07-14T16:00:00Z");
    assertThat(d.getJsonObject(0).getLong("readings")).isEqualTo(120);
  }
}
