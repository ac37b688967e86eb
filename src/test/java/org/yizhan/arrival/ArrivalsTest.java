package org.yizhan.arrival;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.live.Freshness;
import org.yizhan.live.LiveState;
import org.yizhan.station.Station;
import org.yizhan.station.TestStations;
import org.yizhan.telemetry.Reading;

/** Verifies that only a current live value moves a prediction, by the live package's rule. */
class ArrivalsTest {

  private static final Instant NOW = Instant.parse("2026-12-02T02:00:00Z");
  private static final Station STATION = TestStations.station("st-a", 37.8, 112.5); // 10 seats

  @Test
  void aStaleLiveValueIsNeverUsedAsCurrent() {
    LiveState live = new LiveState();
    // the device reports every 60 s: stale after 180 s; this reading is 10 minutes old
    live.apply(List.of(reading(9, NOW.minusSeconds(600))));
    Arrivals arrivals = new Arrivals(live, new Freshness(device -> 60));
    arrivals.use(new ArrivalModel(NOW, java.util.Map.of("st-a", ForecastTest.flat(4, 2.0))));
    Prediction stale = arrivals.find(STATION, 5, NOW).orElseThrow();
    assertThat(stale.live()).isFalse();
    assertThat(stale.freeSeats()).isEqualTo(8);

    live.apply(List.of(reading(9, NOW.minusSeconds(30))));
    Prediction fresh = arrivals.find(STATION, 5, NOW).orElseThrow();
    assertThat(fresh.live()).isTrue();
    assertThat(fresh.freeSeats()).isLessThan(8);
  }

  @Test
  void aStationClosedAtTheArrivalTimeHasNoFreeSeats() {
    // NOW is 10:00 in China; the station closes at 10:03, so a 5-minute walk arrives after it shuts
    Station closing =
        TestStations.station(
            "st-a",
            37.8,
            112.5,
            java.util.EnumSet.noneOf(org.yizhan.station.Amenity.class),
            "Mo-Su 08:00-10:03",
            org.yizhan.station.StationStatus.ACTIVE);
    Arrivals arrivals = new Arrivals(new LiveState(), new Freshness(device -> 60));
    arrivals.use(new ArrivalModel(NOW, java.util.Map.of("st-a", ForecastTest.flat(4, 2.0))));
    Prediction late = arrivals.find(closing, 5, NOW).orElseThrow();
    assertThat(late.status()).isEqualTo(Prediction.Status.CLOSED_AT_ARRIVAL);
    assertThat(late.freeSeats()).isEqualTo(-1);
    Prediction early = arrivals.find(closing, 2, NOW).orElseThrow();
    assertThat(early.status()).isEqualTo(Prediction.Status.PREDICTED);
    assertThat(early.freeSeats()).isEqualTo(8);
  }

  @Test
  void answersCarryNothingBeforeTheFirstBuildOrWhenSwitchedOff() {
    Arrivals arrivals = new Arrivals(new LiveState(), new Freshness(device -> 60));
    StringBuilder sb = new StringBuilder();
    arrivals.append(sb, STATION, 5, NOW);
    Arrivals.off().append(sb, STATION, 5, NOW);
    assertThat(sb).isEmpty();
    arrivals.use(new ArrivalModel(NOW, java.util.Map.of()));
    arrivals.append(sb, STATION, 5, NOW);
    assertThat(sb.toString())
        .isEqualTo(
            ",\"arrival\":{\"status\":\"insufficient_history\",\"time\":\"2026-12-02T02:05:00Z\","
                + "\"walking_time_min\":5,\"history_weeks\":0}");
  }

  private static Reading reading(int occupancy, Instant at) {
    return new Reading(
        "st-a",
        "dev-a",
        at.toEpochMilli(),
        at,
        occupancy,
        null,
        null,
        24.0,
        40.0,
        90,
        -70,
        "1.0",
        at);
  }
}
