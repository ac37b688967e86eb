package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.config.StorageConfig;
import org.yizhan.db.Database;
import org.yizhan.history.Bucket;
import org.yizhan.history.ReadingHistory;
import org.yizhan.ingest.Committed;
import org.yizhan.ingest.ReadingWriter;
import org.yizhan.planning.use.internal.HourlyReadings;
import org.yizhan.quality.QualityFlag;
import org.yizhan.telemetry.Reading;
import org.yizhan.testing.DayPartitions;
import org.yizhan.testing.RawBuckets;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.Timescale;

/**
 * The server's rollups on plain PostgreSQL against the oracle (the raw readings binned afresh):
 * random readings written through the reading writer in shuffled batches, late ones and backfilled
 * ones among them, some redelivered (stored once, counted once), some flagged (stored, not
 * counted), with folds at random moments. Every station's 15-minute, hourly and daily buckets, and
 * the planner's hourly rows, must equal the oracle's, before and after the last fold. On
 * TimescaleDB (the CI's TimescaleDB stage) the continuous aggregates must give the same, once
 * refreshed.
 */
@Tag(Timescale.TAG)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RollupIT {

  private static final String[] STATIONS = {"st-r1", "st-r2", "st-r3"};

  @Test
  void rollupsEqualTheRawReadingsWhateverOrderAndRepeatsTheyCameIn() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 3)) {
      Store store = TimescaleSetup.apply(db.dataSource(), StorageConfig.DEFAULTS);
      Instant now = Instant.now();
      Instant from = Rollup.D1.floor(now.minus(Duration.ofDays(6)));
      DayPartitions.cover(db.dataSource(), from, now);
      MaintenanceTask fold = PlainTasks.fold(StorageConfig.DEFAULTS);
      Maintenance maintenance = new Maintenance(db.dataSource(), List.of(fold), Clock.systemUTC());
      ReadingWriter writer = new ReadingWriter(db.dataSource(), 100_000, 500, r -> {});
      writer.start();
      try {
        for (long seed = 1; seed <= 3; seed++) {
          Random random = new Random(seed);
          List<Reading> all = new ArrayList<>();
          Map<String, Long> seq = new HashMap<>();
          for (int i = 0; i < 1500; i++) {
            String station = STATIONS[random.nextInt(STATIONS.length)];
            String device = "dev-" + station;
            long s = seq.merge(device, 1L, Long::sum) + seed * 1_000_000;
            Instant at =
                from.plusSeconds(
                    (long) (random.nextDouble() * (now.getEpochSecond() - from.getEpochSecond())));
            int flags = random.nextInt(10) == 0 ? QualityFlag.OUT_OF_RANGE.bit() : 0;
            all.add(
                new Reading(
                    station,
                    device,
                    s,
                    at,
                    random.nextInt(5) == 0 ? null : random.nextInt(30),
                    null,
                    null,
                    random.nextInt(6) == 0
                        ? null
                        : Math.round(random.nextGaussian() * 800 + 2400) / 100.0,
                    random.nextInt(4) == 0 ? null : 30.0 + random.nextInt(600) / 10.0,
                    80,
                    -70,
                    "1.0",
                    at.plusSeconds(5),
                    false,
                    flags));
          }
          // Shuffled (so many arrive late), in batches, a tenth sent again later (redelivery).
          Collections.shuffle(all, random);
          List<Reading> stream = new ArrayList<>(all);
          for (int i = 0; i < all.size() / 10; i++) {
            stream.add(random.nextInt(stream.size()), all.get(random.nextInt(all.size())));
          }
          int i = 0;
          while (i < stream.size()) {
            int n = 1 + random.nextInt(120);
            write(writer, stream.subList(i, Math.min(stream.size(), i + n)));
            i += n;
            if (store == Store.PLAIN && random.nextInt(4) == 0) {
              maintenance.runOnce(fold);
            }
          }
          if (store == Store.TIMESCALE) {
            // Continuous aggregates take a late reading into a materialised bucket at their next
            // refresh (real-time aggregation covers only what is newer than the last one).
            refresh(db);
            check(db, store, from, now, "seed " + seed + ", aggregates refreshed");
            continue;
          }
          check(db, store, from, now, "seed " + seed + ", some sums pending");
          maintenance.runOnce(fold);
          assertThat(maintenance.status().get(0).lastError()).isNull();
          assertThat(count(db, "SELECT count(*) FROM rollup_pending")).isZero();
          check(db, store, from, now, "seed " + seed + ", all folded");
        }
      } finally {
        writer.close();
      }
    }
  }

  private static void check(Database db, Store store, Instant from, Instant to, String when)
      throws Exception {
    ReadingHistory history = new ReadingHistory(db.dataSource(), store);
    Instant end = to.plus(Duration.ofDays(1));
    for (String station : STATIONS) {
      for (Bucket b : new Bucket[] {Bucket.M15, Bucket.H1, Bucket.D1}) {
        JsonArray got = history.query(station, from, end, b).getJsonArray("buckets");
        assertThat(got)
            .as(when + ": " + station + " " + b.code())
            .isNotEmpty()
            .isEqualTo(RawBuckets.of(db.dataSource(), station, from, end, b.width()));
      }
    }
    // The planner's hourly rows: every station-hour with its means, as the oracle has them.
    Map<String, String> hours = new HashMap<>();
    new HourlyReadings(db.dataSource(), store)
        .forEachHour(
            from,
            end,
            r ->
                hours.put(
                    r.stationId() + "@" + r.hour(),
                    round(r.meanOccupancy()) + "/" + round(r.meanTemperatureC())));
    Map<String, String> oracle = new HashMap<>();
    for (String station : STATIONS) {
      for (Object o : RawBuckets.of(db.dataSource(), station, from, end, Duration.ofHours(1))) {
        io.vertx.core.json.JsonObject b = (io.vertx.core.json.JsonObject) o;
        oracle.put(
            station + "@" + Instant.parse(b.getString("start")),
            round(b.getDouble("occupancy_avg")) + "/" + round(b.getDouble("temperature_c_avg")));
      }
    }
    assertThat(hours).as(when + ": planner's hours").isEqualTo(oracle);
  }

  private static String round(Double v) {
    return v == null || v.isNaN() ? "-" : String.valueOf(Math.round(v * 100.0) / 100.0);
  }

  private static void write(ReadingWriter writer, List<Reading> rs) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    assertThat(writer.submit(new ArrayList<>(rs), Committed.then(done::countDown))).isTrue();
    assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
  }

  private static void refresh(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      c.setAutoCommit(true);
      for (Rollup r : Rollup.values()) {
        st.execute("CALL refresh_continuous_aggregate('" + r.aggregate() + "', NULL, NULL)");
      }
    }
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
