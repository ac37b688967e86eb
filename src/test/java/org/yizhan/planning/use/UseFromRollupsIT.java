package org.yizhan.planning.use;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
import org.yizhan.storage.Maintenance;
import org.yizhan.storage.PlainTasks;
import org.yizhan.storage.Rollup;
import org.yizhan.storage.Store;
import org.yizhan.storage.TimescaleSetup;
import org.yizhan.testing.DayPartitions;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.Timescale;

/**
 * The planner's station use counted by the database per hour of the week (weekly opening hours)
 * against the same use counted hour by hour: random readings over three weeks, some flagged, some
 * folded and some still pending, stations open at weekday hours, always, or by date.
 */
@Tag(Timescale.TAG)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class UseFromRollupsIT {

  @Test
  void countsByHourOfTheWeekEqualCountsHourByHour() throws Exception {
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

      UseRules rules = new UseRules(0.6, 0.25, 0.1, 1);
      Thresholds th = new Thresholds(28, 15, 15, 15, 100, 10, 30, 30);
      // st-u2 has its own too-hot threshold, 25 degrees.
      Thresholds hotter = new Thresholds(25, 15, 15, 15, 100, 10, 30, 30);
      try (Connection c = db.dataSource().getConnection();
          java.sql.Statement st = c.createStatement()) {
        st.execute("INSERT INTO station_threshold (station_id, too_hot_c) VALUES ('st-u2', 25)");
      }
      java.util.function.Function<String, Thresholds> thresholds =
          id -> "st-u2".equals(id) ? hotter : th;
      HourlyReadings hours = new HourlyReadings(db.dataSource(), store);
      Utilisation byCells = new Utilisation(network, rules, thresholds, th);
      hours.feed(from, now.plus(Duration.ofHours(1)), byCells);
      Utilisation byHours = new Utilisation(network, rules, thresholds, th);
      hours.forEachHour(from, now.plus(Duration.ofHours(1)), byHours::add);

      List<StationUse> got = byCells.report(from, now).stations();
      List<StationUse> want = byHours.report(from, now).stations();
      assertThat(got).hasSize(3);
      for (int i = 0; i < got.size(); i++) {
        StationUse g = got.get(i);
        StationUse w = want.get(i);
        assertThat(g.stationId()).isEqualTo(w.stationId());
        assertThat(w.openHours()).as(w.stationId()).isPositive();
        if (!w.stationId().equals("st-u2")) { // open 24/7: every hour is open
          assertThat(w.openHours()).as(w.stationId()).isLessThan(w.hoursWithData());
        }
        assertThat(g.hoursWithData()).as(g.stationId()).isEqualTo(w.hoursWithData());
        assertThat(g.openHours()).as(g.stationId()).isEqualTo(w.openHours());
        assertThat(g.fullShare()).as(g.stationId()).isCloseTo(w.fullShare(), within(1e-12));
        assertThat(g.meanOccupancy()).as(g.stationId()).isCloseTo(w.meanOccupancy(), within(1e-9));
        assertThat(g.hotHours()).as(g.stationId()).isEqualTo(w.hotHours());
        assertThat(g.coldHours()).as(g.stationId()).isEqualTo(w.coldHours());
        for (int d = 0; d < 7; d++) {
          for (int h = 0; h < 24; h++) {
            if (Double.isNaN(w.heat()[d][h])) {
              assertThat(g.heat()[d][h]).isNaN();
            } else {
              assertThat(g.heat()[d][h]).isCloseTo(w.heat()[d][h], within(1e-9));
            }
          }
        }
      }
      assertThat(want.get(0).hotHours() + want.get(0).coldHours()).isPositive();
      assertThat(want.get(0).fullShare()).isBetween(0.01, 0.99);
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
