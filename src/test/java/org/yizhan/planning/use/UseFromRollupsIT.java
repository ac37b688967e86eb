package org.yizhan.planning.use;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.condition.Thresholds;
import org.yizhan.config.StorageConfig;
import org.yizhan.db.Database;
import org.yizhan.planning.use.internal.HourlyReadings;
import org.yizhan.station.Amenity;
import org.yizhan.station.Station;
import org.yizhan.station.StationStatus;
import org.yizhan.station.TestStations;
import org.yizhan.station.hours.OpenState;
import org.yizhan.storage.Maintenance;
import org.yizhan.storage.PlainTasks;
import org.yizhan.storage.Rollup;
import org.yizhan.storage.Store;
import org.yizhan.storage.TimescaleSetup;
import org.yizhan.testing.DayPartitions;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.Timescale;

/**
 * The planner's station use as the server counts it (the hourly rollup streamed by binary COPY, in
 * two halves for a long period, counted per slot and hour of the week) against the definitions
 * applied to the hourly rows read another way ({@link HourlyReadings#forEachHour}: the rollup and
 * the pending sums by plain queries): random readings over three weeks, some flagged, some folded
 * and some still pending, stations open at weekday hours, always, or by date.
 */
@Tag(Timescale.TAG)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UseFromRollupsIT {

  @Test
  void streamedUseEqualsTheDefinitionsAppliedHourByHour() throws Exception {
    List<Station> network =
        List.of(
            station("st-u1", "Mo-Fr 08:00-18:00"),
            station("st-u2", "24/7"),
            station("st-u3", "Dec 01-Dec 31 07:00-21:00; Jan-Nov 09:00-17:00"));
    assertThat(network.get(0).openingHours().isWeekly()).isTrue();
    assertThat(network.get(2).openingHours().isWeekly()).isFalse();
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 3)) {
      Store store = TimescaleSetup.apply(db.dataSource(), StorageConfig.DEFAULTS);
      Instant now = Instant.now();
      Instant from = Rollup.D1.floor(now.minus(Duration.ofDays(21)));
      DayPartitions.cover(db.dataSource(), from, now);
      register(db, network);
      Random random = new Random(7);
      insert(db, network, from, now.minus(Duration.ofDays(2)), random);
      if (store == Store.PLAIN) {
        Maintenance m =
            new Maintenance(
                db.dataSource(),
                List.of(PlainTasks.fold(StorageConfig.DEFAULTS)),
                Clock.systemUTC());
        m.runOnce(m.tasks().get(0));
      }
      // More readings, some in hours already folded: these stay pending.
      insert(db, network, now.minus(Duration.ofDays(3)), now, random);
      if (store == Store.TIMESCALE) {
        // Materialize all of it: TimescaleDB's own refresh job, should it run between the two
        // reads below, would otherwise move the aggregate's watermark past hours it never
        // materialized (older than its 8-day window) and hide them from the second read.
        try (Connection c = db.dataSource().getConnection();
            java.sql.Statement st = c.createStatement()) {
          st.execute(
              "CALL refresh_continuous_aggregate('" + Rollup.H1.aggregate() + "', NULL, NULL)");
        }
      }

      UseRules rules = new UseRules(0.6, 0.25, 0.1, 1);
      Thresholds th = new Thresholds(28, 15, 15, 15, 100, 10, 30, 30);
      // st-u2 has its own too-hot threshold, 25 degrees.
      Thresholds hotter = new Thresholds(25, 15, 15, 15, 100, 10, 30, 30);
      java.util.function.Function<String, Thresholds> thresholds =
          id -> "st-u2".equals(id) ? hotter : th;
      HourlyReadings hours = new HourlyReadings(db.dataSource(), store);
      List<HourRow> rows = new ArrayList<>();
      hours.forEachHour(from, now.plus(Duration.ofHours(1)), rows::add);
      // 21 days: streamed in two halves at once; the last 5: in one stream.
      for (Instant since : List.of(from, Rollup.H1.floor(now.minus(Duration.ofDays(5))))) {
        Utilisation streamed = new Utilisation(network, rules, thresholds);
        hours.feed(since, now.plus(Duration.ofHours(1)), streamed);
        List<StationUse> got = streamed.report(since, now).stations();
        assertThat(got).hasSize(3);
        for (StationUse g : got) {
          Oracle w =
              new Oracle(byId(network, g.stationId()), rules, thresholds.apply(g.stationId()));
          rows.stream().filter(r -> !r.hour().isBefore(since)).forEach(w::add);
          assertThat(w.open).as(g.stationId()).isPositive();
          if (!g.stationId().equals("st-u2")) { // open 24/7: every hour is open
            assertThat(w.open).as(g.stationId()).isLessThan(w.hours);
          }
          assertThat(g.hoursWithData()).as(g.stationId()).isEqualTo(w.hours);
          assertThat(g.openHours()).as(g.stationId()).isEqualTo(w.open);
          assertThat(g.fullShare())
              .as(g.stationId())
              .isCloseTo(w.full / (double) w.open, within(1e-12));
          assertThat(g.meanOccupancy())
              .as(g.stationId())
              .isCloseTo(w.occSum / w.open, within(1e-9));
          assertThat(g.hotHours()).as(g.stationId()).isEqualTo(w.hot);
          assertThat(g.coldHours()).as(g.stationId()).isEqualTo(w.cold);
          for (int d = 0; d < 7; d++) {
            for (int h = 0; h < 24; h++) {
              int n = w.heatCount[d][h];
              if (n == 0) {
                assertThat(g.heat()[d][h]).isNaN();
              } else {
                assertThat(g.heat()[d][h]).isCloseTo(w.heatSum[d][h] / n, within(1e-9));
              }
            }
          }
          if (g.stationId().equals("st-u1")) {
            assertThat(w.hot + w.cold).isPositive();
            assertThat(g.fullShare()).isBetween(0.01, 0.99);
          }
        }
      }
    }
  }

  private static Station byId(List<Station> network, String id) {
    return network.stream().filter(s -> s.id().equals(id)).findFirst().orElseThrow();
  }

  /**
   * The planner's counting written out plainly, from the definitions: an hour is open when its
   * middle is not closed (judged by {@code stateAt} on the real date), full when its mean is at
   * least the full share of capacity, hot or cold against the station's thresholds.
   */
  private static final class Oracle {
    final Station s;
    final UseRules rules;
    final Thresholds th;
    int hours;
    int open;
    int full;
    int hot;
    int cold;
    double occSum;
    final double[][] heatSum = new double[7][24];
    final int[][] heatCount = new int[7][24];

    Oracle(Station s, UseRules rules, Thresholds th) {
      this.s = s;
      this.rules = rules;
      this.th = th;
    }

    void add(HourRow r) {
      if (!r.stationId().equals(s.id()) || Double.isNaN(r.meanOccupancy())) {
        return;
      }
      hours++;
      ZonedDateTime local = r.hour().atZone(ZoneId.of("Asia/Shanghai"));
      int d = local.getDayOfWeek().getValue() - 1;
      heatSum[d][local.getHour()] += r.meanOccupancy() / s.capacity();
      heatCount[d][local.getHour()]++;
      if (s.openingHours().stateAt(r.hour().plusSeconds(1800)) == OpenState.CLOSED) {
        return;
      }
      open++;
      occSum += r.meanOccupancy();
      if (r.meanOccupancy() / s.capacity() >= rules.fullShare()) {
        full++;
      }
      if (r.meanTemperatureC() > th.tooHotC()) {
        hot++;
      } else if (r.meanTemperatureC() < th.tooColdC()) {
        cold++;
      }
    }
  }

  /** The stations in the registry's table, as the server has them (capacity 10). */
  private static void register(Database db, List<Station> network) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO station (id, name_zh, kind, lat, lon, capacity, opening_hours, status,"
                    + " version) VALUES (?, ?, 'urban_rest_station', 37.8, 112.5, ?, ?, 'active', 1)")) {
      for (Station s : network) {
        ps.setString(1, s.id());
        ps.setString(2, s.nameZh());
        ps.setInt(3, s.capacity());
        ps.setString(4, s.openingHours().spec());
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  private static Station station(String id, String hours) {
    return TestStations.station(
        id, 37.8, 112.5, EnumSet.noneOf(Amenity.class), hours, StationStatus.ACTIVE);
  }

  /** Two readings an hour per station, occupancy 0-10, temperature 10-34 °C, a tenth flagged. */
  private static void insert(
      Database db, List<Station> network, Instant from, Instant to, Random random)
      throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO reading (time, station_id, device_id, seq, occupancy, temperature_c,"
                    + " received_at, flags) VALUES (?, ?, ?, ?, ?, ?, now(), ?)")) {
      for (Station s : network) {
        for (Instant at = from; at.isBefore(to); at = at.plusSeconds(1800 + random.nextInt(60))) {
          ps.setTimestamp(1, Timestamp.from(at));
          ps.setString(2, s.id());
          ps.setString(3, "dev-" + s.id());
          ps.setLong(4, at.toEpochMilli());
          if (random.nextInt(8) == 0) {
            ps.setNull(5, java.sql.Types.INTEGER);
          } else {
            ps.setInt(5, random.nextInt(11));
          }
          ps.setFloat(6, 10 + random.nextInt(250) / 10f);
          if (random.nextInt(10) == 0) {
            ps.setInt(7, 2);
          } else {
            ps.setNull(7, java.sql.Types.SMALLINT);
          }
          ps.addBatch();
        }
      }
      ps.executeBatch();
    }
  }
}
