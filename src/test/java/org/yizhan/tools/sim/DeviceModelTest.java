package org.yizhan.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.telemetry.RejectedMessageException;
import org.yizhan.telemetry.TelemetryDecoder;

class DeviceModelTest {

  static final long MINUTE = 60_000L;
  static final long JULY = Instant.parse("2026-07-13T16:00:00Z").toEpochMilli(); // Tue 00:00
  static final long JANUARY = Instant.parse("2026-01-12T16:00:00Z").toEpochMilli();

  static StationInfo station(int i, String hours, String kind) {
    return new StationInfo(
        String.format("sx-t-%05d", i), 6 + i % 20, hours, "city" + i % 4, kind, 35 + i % 5, 112);
  }

  static List<DeviceModel> models(int n, long start) {
    List<DeviceModel> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String hours = i % 3 == 0 ? "24/7" : "Mo-Su 07:00-21:00";
      String kind = i % 5 == 0 ? "drivers_home" : "urban_rest_station";
      out.add(new DeviceModel(station(i, hours, kind), Fault.NONE, 42, start));
    }
    return out;
  }

  @Test
  void healthyOccupancyStaysWithinTheSeatsAndCountersAddUp() {
    for (DeviceModel m : models(60, JULY)) {
      SimReading prev = null;
      for (long t = JULY; t < JULY + 2 * DailyCurve.DAY_MS; t += 5 * MINUTE) {
        SimReading r = m.next(t, t);
        assertThat(r.occupancy()).isBetween(0, m.station().capacity());
        if (prev != null) {
          long netIn = (r.entries() - prev.entries()) - (r.exits() - prev.exits());
          assertThat(netIn).isEqualTo(r.occupancy() - prev.occupancy());
          assertThat(r.entries()).isGreaterThanOrEqualTo(prev.entries());
        }
        prev = r;
      }
    }
  }

  @Test
  void stationsAreFullerAtLunchAndInTheEveningThanAt3am() {
    double[] byHour = new double[24];
    for (DeviceModel m : models(200, JULY)) {
      for (long t = JULY; t < JULY + 3 * DailyCurve.DAY_MS; t += 10 * MINUTE) {
        SimReading r = m.next(t, t);
        byHour[(int) DailyCurve.localHour(t)] += r.occupancy() / (double) m.station().capacity();
      }
    }
    assertThat(byHour[12]).isGreaterThan(3 * byHour[3]);
    assertThat(byHour[18]).isGreaterThan(3 * byHour[3]);
    assertThat(byHour[12]).isGreaterThan(byHour[15]);
  }

  @Test
  void indoorTemperatureIsPlausibleForTheSeason() {
    assertIndoor(JANUARY, 17.0, 24.0);
    assertIndoor(JULY, 19.0, 29.5); // cool nights in the north
  }

  private static void assertIndoor(long start, double lo, double hi) {
    for (DeviceModel m : models(200, start)) {
      for (long t = start; t < start + DailyCurve.DAY_MS; t += 30 * MINUTE) {
        SimReading r = m.next(t, t);
        double c = r.temperatureTenths() / 10.0;
        if (m.acFailedAt(t)) {
          assertThat(c).isBetween(-40.0, 45.0);
        } else {
          assertThat(c).as("%s at %s", m.station().id(), Instant.ofEpochMilli(t)).isBetween(lo, hi);
        }
        assertThat(r.humidityTenths()).isBetween(200, 800);
        assertThat(r.rssiDbm()).isBetween(-110, -50);
        assertThat(r.batteryPct()).isBetween(-1, 100);
      }
    }
  }

  @Test
  void seqIsStrictlyIncreasingAcrossARestart() {
    StationInfo st = station(1, "24/7", "urban_rest_station");
    DeviceModel before = new DeviceModel(st, Fault.NONE, 1, JULY);
    long last = -1;
    long t = JULY;
    for (int i = 0; i < 1000; i++, t += 330) {
      SimReading r = before.next(t, t);
      assertThat(r.seq()).isGreaterThan(last);
      last = r.seq();
    }
    // The simulator restarts a millisecond after the last reading: numbers go on rising.
    DeviceModel after = new DeviceModel(st, Fault.NONE, 1, t);
    assertThat(after.next(t - 330 + 1, t).seq()).isGreaterThan(last);
    // Two readings in the same millisecond still get distinct numbers.
    assertThat(after.next(t, t).seq()).isNotEqualTo(after.next(t, t).seq());
  }

  @Test
  void healthyReadingsPassTheServersDecoderAndFaultyOnesAreRefusedAsIntended() throws Exception {
    long now = System.currentTimeMillis();
    TelemetryDecoder decoder =
        new TelemetryDecoder(Clock.fixed(Instant.ofEpochMilli(now), ZoneOffset.UTC));
    Rfc3339 time = new Rfc3339();
    StringBuilder sb = new StringBuilder();
    Map<RejectReason, Integer> refused = new EnumMap<>(RejectReason.class);
    int i = 0;
    for (Fault f : Fault.values()) {
      for (int d = 0; d < 6; d++, i++) {
        DeviceModel m = new DeviceModel(station(i, "24/7", "urban_rest_station"), f, 7, now);
        for (int k = 0; k < 50; k++) {
          long t = now - 50_000 + k * 1000L;
          SimReading.Pending p = m.next(t, t).encode(sb, time);
          byte[] payload =
              Backfill.single(p, new java.util.SplittableRandom(k))
                  .getBytes(StandardCharsets.UTF_8);
          try {
            decoder.decodeTelemetry("sx-t", "dev-x", payload, Instant.ofEpochMilli(now));
            assertThat(p.invalid() || p.corrupt()).as("%s accepted: %s", f, p.json()).isFalse();
          } catch (RejectedMessageException e) {
            assertThat(p.invalid() || p.corrupt()).as("%s refused: %s", f, p.json()).isTrue();
            assertThat(f).isIn(Fault.OUT_OF_RANGE, Fault.CLOCK_SKEW, Fault.MALFORMED_JSON);
            refused.merge(e.reason(), 1, Integer::sum);
          }
        }
      }
    }
    assertThat(refused)
        .containsKeys(
            RejectReason.SCHEMA_VIOLATION,
            RejectReason.FUTURE_TIMESTAMP,
            RejectReason.MALFORMED_JSON);
  }

  @Test
  void stuckDevicesRepeatTheirTemperatureForHours() {
    DeviceModel m = new DeviceModel(station(3, "24/7", ""), Fault.STUCK_VALUES, 5, JULY);
    int longestRun = 0;
    int run = 0;
    int prev = Integer.MIN_VALUE;
    for (long t = JULY; t < JULY + DailyCurve.DAY_MS; t += 10 * MINUTE) {
      int c = m.next(t, t).temperatureTenths();
      run = c == prev ? run + 1 : 0;
      longestRun = Math.max(longestRun, run);
      prev = c;
    }
    assertThat(longestRun).isGreaterThanOrEqualTo(18); // three hours and more
  }

  @Test
  void overCapacityDevicesSometimesCountMorePeopleThanSeats() {
    DeviceModel m = new DeviceModel(station(4, "24/7", ""), Fault.OVER_CAPACITY, 5, JULY);
    boolean over = false;
    for (long t = JULY; t < JULY + DailyCurve.DAY_MS; t += 10 * MINUTE) {
      over |= m.next(t, t).occupancy() > m.station().capacity();
    }
    assertThat(over).isTrue();
  }
}
