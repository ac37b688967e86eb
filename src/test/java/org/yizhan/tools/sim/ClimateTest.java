package org.yizhan.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClimateTest {

  private static double monthMean(String firstDay, int days, double lat, long key) {
    long t0 = Instant.parse(firstDay).toEpochMilli();
    double sum = 0;
    int n = 0;
    for (long t = t0; t < t0 + days * DailyCurve.DAY_MS; t += DailyCurve.HOUR_MS) {
      sum += Climate.outdoorC(t, lat, key);
      n++;
    }
    return sum / n;
  }

  @Test
  void taiyuanHasColdWintersAndWarmSummers() {
    for (long key = 1; key <= 5; key++) {
      assertThat(monthMean("2026-01-01T00:00:00Z", 31, 37.87, key)).isBetween(-10.5, -5.5);
      assertThat(monthMean("2026-07-01T00:00:00Z", 31, 37.87, key)).isBetween(22.5, 27.5);
    }
  }

  @Test
  void theNorthIsColder() {
    assertThat(monthMean("2026-01-01T00:00:00Z", 31, 40.1, 1))
        .isLessThan(monthMean("2026-01-01T00:00:00Z", 31, 35.0, 1) - 2);
  }

  @Test
  void daysSwingAboutSixDegreesColdestAtNight() {
    long day = Instant.parse("2026-04-20T16:00:00Z").toEpochMilli(); // 00:00 local
    long t3 = day + 3 * DailyCurve.HOUR_MS;
    long t15 = day + 15 * DailyCurve.HOUR_MS;
    double at3 = Climate.outdoorC(t3, 37.87, 7) - Climate.anomalyC(t3, 7);
    double at15 = Climate.outdoorC(t15, 37.87, 7) - Climate.anomalyC(t15, 7);
    assertThat(at15 - at3).isBetween(11.5, 12.5);
  }

  @Test
  void aWorkingAcHoldsTheSetpointsAndAFailedOneDriftsOutside() {
    assertThat(Climate.controlledC(Climate.freeRunningC(36, 0.5))).isEqualTo(26.0);
    assertThat(Climate.controlledC(Climate.freeRunningC(-12, 0.5))).isEqualTo(20.0);
    assertThat(Climate.controlledC(Climate.freeRunningC(18, 0))).isEqualTo(22.0);
    double free = Climate.freeRunningC(34, 0.5);
    assertThat(Climate.failedC(free, 0)).isEqualTo(26.0);
    assertThat(Climate.failedC(free, 1)).isBetween(27.0, 34.0);
    assertThat(Climate.failedC(free, 8)).isGreaterThan(free - 0.5);
  }

  @Test
  void humidityStaysPlausible() {
    long t0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    for (long t = t0; t < t0 + 365 * DailyCurve.DAY_MS; t += 5 * DailyCurve.HOUR_MS) {
      double out = Climate.outdoorHumidityPct(t);
      assertThat(out).isBetween(20.0, 95.0);
      assertThat(Climate.indoorHumidityPct(out, 30, 1)).isBetween(20.0, 80.0);
      assertThat(Climate.indoorHumidityPct(out, 5, 0)).isBetween(20.0, 80.0);
    }
  }

  @Test
  void hashGaussianIsStandardNormal() {
    double sum = 0;
    double sq = 0;
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      double g = Climate.hashGaussian(i);
      sum += g;
      sq += g * g;
    }
    assertThat(sum / n).isBetween(-0.02, 0.02);
    assertThat(sq / n).isBetween(0.97, 1.03);
  }
}
