package org.yizhan.planning.use;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.db.Database;
import org.yizhan.planning.use.internal.HourlyReadings;
import org.yizhan.testing.TestDatabases;

/**
 * Verifies the hourly rows read from real PostgreSQL: means per UTC hour, flagged readings and
 * readings outside the period left out, and "full" reports counted per station.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HourlyReadingsIT {

  private static final Instant T0 = Instant.parse("2026-11-30T02:00:00Z");

  @Test
  void hourlyMeansOfValidReadingsWithinThePeriod() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      try (Connection c = db.dataSource().getConnection()) {
        reading(c, "s1", T0.plusSeconds(60), 4, 20f, null);
        reading(c, "s1", T0.plusSeconds(3000), 8, null, null);
        reading(c, "s1", T0.plusSeconds(3100), 100, 50f, (short) 2); // flagged: left out
        reading(c, "s1", T0.plusSeconds(3600), 1, 30f, null); // the next hour
        reading(c, "s2", T0.plusSeconds(10), null, 25f, null); // temperature only
        reading(c, "s1", T0.minusSeconds(1), 9, 9f, null); // before the period
        reading(c, "s1", T0.plusSeconds(7200), 9, 9f, null); // at its end: excluded
        try (var st = c.createStatement()) {
          st.execute(
              "INSERT INTO station (id, name_zh, kind, lat, lon, capacity, opening_hours, status,"
                  + " version) VALUES ('s1', '一', 'urban_rest_station', 37.8, 112.5, 10, '24/7',"
                  + " 'active', 1)");
          st.execute(
              "INSERT INTO feedback (station_id, kind, created_at) VALUES ('s1', 'full', '"
                  + T0.plusSeconds(5)
                  + "'), ('s1', 'full', '"
                  + T0.plusSeconds(6)
                  + "'), ('s1', 'dirty', '"
                  + T0.plusSeconds(7)
                  + "'), ('s1', 'full', '"
                  + T0.minusSeconds(7)
                  + "')");
        }
      }
      HourlyReadings hours = new HourlyReadings(db.dataSource(), org.yizhan.storage.Store.PLAIN);
      List<HourRow> rows = new ArrayList<>();
      hours.forEachHour(T0, T0.plusSeconds(7200), rows::add);
      rows.sort(Comparator.comparing(HourRow::stationId).thenComparing(HourRow::hour));
      assertThat(rows).hasSize(3);
      assertThat(rows.get(0).hour()).isEqualTo(T0);
      assertThat(rows.get(0).meanOccupancy()).isCloseTo(6.0, within(1e-9));
      assertThat(rows.get(0).meanTemperatureC()).isCloseTo(20.0, within(1e-6));
      assertThat(rows.get(1).hour()).isEqualTo(T0.plusSeconds(3600));
      assertThat(rows.get(1).meanOccupancy()).isCloseTo(1.0, within(1e-9));
      assertThat(rows.get(2).stationId()).isEqualTo("s2");
      assertThat(rows.get(2).meanOccupancy()).isNaN();
      assertThat(rows.get(2).meanTemperatureC()).isCloseTo(25.0, within(1e-6));
      assertThat(hours.fullReports(T0, T0.plusSeconds(7200)))
          .containsExactlyEntriesOf(java.util.Map.of("s1", 2));
    }
  }

  private static void reading(
      Connection c, String station, Instant at, Integer occupancy, Float temp, Short flags)
      throws Exception {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO reading (time, station_id, device_id, seq, occupancy, temperature_c,"
                + " received_at, flags) VALUES (?, ?, 'd-' || ?, ?, ?, ?, now(), ?)")) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setString(2, station);
      ps.setString(3, station);
      ps.setLong(4, at.getEpochSecond());
      ps.setObject(5, occupancy);
      ps.setObject(6, temp);
      ps.setObject(7, flags);
      ps.executeUpdate();
    }
  }
}
