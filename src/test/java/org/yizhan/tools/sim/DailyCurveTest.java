package org.yizhan.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class DailyCurveTest {

  @Test
  void lunchAndEveningPeaksAreFarAboveTheNight() {
    for (boolean night : new boolean[] {false, true}) {
      double threeAm = DailyCurve.share(3.0, night);
      double lunch = DailyCurve.share(12.5, night);
      double evening = DailyCurve.share(18.5, night);
      double afternoon = DailyCurve.share(15.5, night);
      assertThat(lunch).as("lunch, night=%s", night).isGreaterThan(2 * threeAm);
      assertThat(evening).as("evening, night=%s", night).isGreaterThan(2 * threeAm);
      assertThat(lunch).isGreaterThan(afternoon);
      assertThat(evening).isGreaterThan(afternoon);
    }
    assertThat(DailyCurve.share(12.5, false)).isGreaterThan(0.7);
    assertThat(DailyCurve.share(3.0, false)).isLessThan(0.05);
  }

  @Test
  void driversHomesAreBusierAtNightThanOrdinaryStations() {
    assertThat(DailyCurve.share(2.0, true)).isGreaterThan(3 * DailyCurve.share(2.0, false));
  }

  @Test
  void theCurveStaysAShareOfTheSeatsAllDay() {
    for (double h = 0; h < 24; h += 0.1) {
      assertThat(DailyCurve.share(h, false)).isBetween(0.0, 1.0);
      assertThat(DailyCurve.share(h, true)).isBetween(0.0, 1.0);
    }
  }

  @Test
  void localTimeIsChinaTime() {
    long t = Instant.parse("2026-07-15T04:30:00Z").toEpochMilli(); // 12:30 in Beijing
    assertThat(DailyCurve.localHour(t)).isCloseTo(12.5, within(1e-9));
    assertThat(DailyCurve.localDayOfWeek(t)).isEqualTo(2); // a Wednesday
    long sunday = Instant.parse("2026-07-18T16:30:00Z").toEpochMilli(); // Sun 00:30 local
    assertThat(DailyCurve.localDayOfWeek(sunday)).isEqualTo(6);
  }

  @Test
  void extremeWeatherBringsMorePeople() {
    assertThat(DailyCurve.weatherFactor(15)).isEqualTo(1.0);
    assertThat(DailyCurve.weatherFactor(37)).isGreaterThan(1.2);
    assertThat(DailyCurve.weatherFactor(-18)).isGreaterThan(1.2);
    assertThat(DailyCurve.weatherFactor(60)).isEqualTo(1.6);
  }
}
