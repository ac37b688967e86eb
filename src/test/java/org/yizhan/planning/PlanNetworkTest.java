package org.yizhan.planning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.yizhan.station.Amenity;
import org.yizhan.station.StationSnapshot;
import org.yizhan.station.StationStatus;
import org.yizhan.station.TestStations;

/** Verifies which registry stations a plan's network holds, and that it keeps their id order. */
class PlanNetworkTest {

  private static final StationSnapshot SNAPSHOT =
      StationSnapshot.of(
          List.of(
              TestStations.station("st-c", 37.80, 112.50),
              TestStations.station(
                  "st-a",
                  37.81,
                  112.51,
                  EnumSet.noneOf(Amenity.class),
                  "Mo-Su 08:00-18:00",
                  StationStatus.ACTIVE),
              TestStations.station(
                  "st-b",
                  37.82,
                  112.52,
                  EnumSet.noneOf(Amenity.class),
                  "24/7",
                  StationStatus.TEMPORARILY_CLOSED),
              TestStations.station(
                  "st-d",
                  37.83,
                  112.53,
                  EnumSet.noneOf(Amenity.class),
                  "24/7",
                  StationStatus.CLOSED)));

  private static List<String> ids(PlanNetwork n) {
    return IntStream.range(0, n.size()).mapToObj(n::id).toList();
  }

  @Test
  void theDefaultNetworkIsTheActiveStationsWhateverTheHourInIdOrder() {
    PlanNetwork n = PlanNetwork.inService(SNAPSHOT);
    assertThat(ids(n)).containsExactly("st-a", "st-c");
    assertThat(n.city(0)).isEqualTo("太原");
  }

  @Test
  void openAtFollowsOpeningHours() {
    Instant night = Instant.parse("2026-07-05T15:00:00Z"); // 23:00 in Shanxi
    Instant noon = Instant.parse("2026-07-05T04:00:00Z"); // 12:00 in Shanxi
    assertThat(ids(PlanNetwork.openAt(SNAPSHOT, night))).containsExactly("st-c");
    assertThat(ids(PlanNetwork.openAt(SNAPSHOT, noon))).containsExactly("st-a", "st-c");
  }
}
