package org.yizhan.planning.use;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.condition.Thresholds;
import org.yizhan.error.DomainException;
import org.yizhan.station.Amenity;
import org.yizhan.station.Station;
import org.yizhan.station.StationStatus;
import org.yizhan.station.TestStations;
import org.yizhan.station.hours.OpeningHours;

/** Verifies the use figures against hand-counted hours (capacity 10 everywhere). */
class UtilisationTest {

  private static final Station ALWAYS = TestStations.station("always", 37.8, 112.5);
  private static final Station DAYTIME =
      TestStations.station(
          "daytime",
          37.81,
          112.51,
          EnumSet.noneOf(Amenity.class),
          "Mo-Su 08:00-18:00",
          StationStatus.ACTIVE);

  /** Monday 30 November 2026, the given Beijing hour, as an instant. */
  private static Instant beijing(int day, int hour) {
    return LocalDateTime.of(2026, 11, 30, hour, 0)
        .plusDays(day)
        .atZone(OpeningHours.ZONE)
        .toInstant();
  }

  private static Utilisation utilisation(UseRules rules) {
    return new Utilisation(List.of(ALWAYS, DAYTIME), rules, id -> Thresholds.DEFAULTS);
  }

  @Test
  void fullShareMeanWhileOpenAndHotAndColdHours() {
    Utilisation u = utilisation(UseRules.DEFAULTS);
    for (int h = 0; h < 5; h++) {
      u.add(new HourRow("always", beijing(0, h), 9.5, 32)); // full (>= 9 of 10) and hot (> 30)
    }
    for (int h = 5; h < 10; h++) {
      u.add(new HourRow("always", beijing(0, h), 3, h == 5 ? 10 : Double.NaN)); // one cold hour
    }
    u.add(new HourRow("always", beijing(0, 11), Double.NaN, 20)); // no occupancy: not counted
    u.add(new HourRow("elsewhere", beijing(0, 11), 5, 20)); // not in the network
    u.fullReports("always", 3);
    StationUse a = u.report(beijing(0, 0), beijing(1, 0)).find("always").orElseThrow();
    assertThat(a.hoursWithData()).isEqualTo(10);
    assertThat(a.openHours()).isEqualTo(10);
    assertThat(a.fullShare()).isEqualTo(0.5);
    assertThat(a.meanOccupancy()).isCloseTo((5 * 9.5 + 5 * 3) / 10, within(1e-12));
    assertThat(a.meanOccupancyShare()).isCloseTo(0.625, within(1e-12));
    assertThat(a.hotHours()).isEqualTo(5);
    assertThat(a.coldHours()).isEqualTo(1);
    assertThat(a.fullReports()).isEqualTo(3);
  }

  @Test
  void closedHoursShowInTheHeatMapButNotInTheOpenFigures() {
    Utilisation u = utilisation(UseRules.DEFAULTS);
    u.add(new HourRow("daytime", beijing(0, 2), 8, 35)); // Monday 02:00: closed
    u.add(new HourRow("daytime", beijing(0, 10), 5, 20)); // Monday 10:00: open
    u.add(new HourRow("daytime", beijing(1, 10), 1, 20)); // Tuesday 10:00: open
    u.add(new HourRow("daytime", beijing(7, 10), 3, 20)); // the next Monday 10:00
    StationUse d = u.report(beijing(0, 0), beijing(8, 0)).find("daytime").orElseThrow();
    assertThat(d.hoursWithData()).isEqualTo(4);
    assertThat(d.openHours()).isEqualTo(3);
    assertThat(d.hotHours()).as("the hot hour was a closed one").isZero();
    assertThat(d.meanOccupancy()).isCloseTo(3.0, within(1e-12));
    assertThat(d.heat()[0][2]).isCloseTo(0.8, within(1e-12));
    assertThat(d.heat()[0][10]).as("mean of both Mondays").isCloseTo(0.4, within(1e-12));
    assertThat(d.heat()[1][10]).isCloseTo(0.1, within(1e-12));
    assertThat(d.heat()[2][10]).isNaN();
  }

  @Test
  void overloadedAndUnderusedNeedEnoughOpenHours() {
    Utilisation u = utilisation(new UseRules(0.9, 0.25, 0.1, 4));
    for (int h = 0; h < 4; h++) {
      u.add(new HourRow("always", beijing(0, h), h == 0 ? 10 : 5, 20)); // 1 of 4 full
      u.add(new HourRow("daytime", beijing(0, 8 + h), 0.5, 20)); // 5 % of capacity
    }
    UseReport r = u.report(beijing(0, 0), beijing(1, 0));
    assertThat(r.overloaded()).extracting(StationUse::stationId).containsExactly("always");
    assertThat(r.underused()).extracting(StationUse::stationId).containsExactly("daytime");

    Utilisation few = utilisation(new UseRules(0.9, 0.25, 0.1, 5));
    few.add(new HourRow("always", beijing(0, 0), 10, 20));
    assertThat(few.report(beijing(0, 0), beijing(1, 0)).overloaded())
        .as("one full hour is not enough to judge")
        .isEmpty();
  }

  @Test
  void aStationWithoutDataHasNoFigures() {
    StationUse a =
        utilisation(UseRules.DEFAULTS)
            .report(beijing(0, 0), beijing(1, 0))
            .find("always")
            .orElseThrow();
    assertThat(a.openHours()).isZero();
    assertThat(a.fullShare()).isNaN();
    assertThat(a.meanOccupancy()).isNaN();
  }

  @Test
  void rulesOutOfRangeAreRefusedNamingTheField() {
    assertThatThrownBy(() -> new UseRules(0, 0.25, 0.1, 24))
        .isInstanceOf(DomainException.InvalidInput.class)
        .hasMessageContaining("full_share");
    assertThatThrownBy(() -> new UseRules(0.9, 0.25, 1.5, 24))
        .hasMessageContaining("underused_share");
    assertThatThrownBy(() -> new UseRules(0.9, 0.25, 0.1, 0))
        .hasMessageContaining("min_open_hours");
  }
}
