package org.yizhan.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.live.LiveReadings.T0;
import static org.yizhan.live.LiveReadings.reading;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.quality.QualityFlag;
import org.yizhan.telemetry.Reading;

/** What the live state keeps: newest values per measurement, no flagged value, changes reported. */
class LiveStateTest {

  private final LiveState state = new LiveState();

  @Test
  void keepsEachMeasurementFromItsNewestReading() {
    state.apply(List.of(reading("st-1", "dev-a", 60, 3, 21.5, null)));
    state.apply(List.of(reading("st-1", "dev-b", 30, null, null, 55.0)));

    StationLive live = state.find("st-1").orElseThrow();
    assertThat(live.stationId()).isEqualTo("st-1");
    assertThat(live.occupancy().value()).isEqualTo(3);
    assertThat(live.occupancy().deviceId()).isEqualTo("dev-a");
    assertThat(live.occupancy().time()).isEqualTo(T0.minusSeconds(60));
    assertThat(live.occupancy().receivedAt()).isEqualTo(T0.minusSeconds(59));
    assertThat(live.temperatureC().value()).isEqualTo(21.5);
    assertThat(live.temperatureC().receivedAt()).isEqualTo(T0.minusSeconds(59));
    assertThat(live.humidityPct().value()).isEqualTo(55.0);
    assertThat(live.humidityPct().deviceId()).isEqualTo("dev-b");
    assertThat(live.humidityPct().receivedAt()).isEqualTo(T0.minusSeconds(29));
    assertThat(state.size()).isEqualTo(1);
  }

  @Test
  void aMeasurementNotReportedStaysUnknown() {
    state.apply(List.of(reading("st-1", "dev-a", 60, null, 21.5, null)));

    StationLive live = state.find("st-1").orElseThrow();
    assertThat(live.occupancy()).isNull();
    assertThat(live.humidityPct()).isNull();
    assertThat(live.temperatureC().value()).isEqualTo(21.5);
  }

  @Test
  void backfillNeverReplacesNewerValues() {
    state.apply(List.of(reading("st-1", "dev-a", 10, 5, 22.0, 40.0)));
    state.apply(List.of(reading("st-1", "dev-a", 600, 1, 18.0, 70.0)));

    StationLive live = state.find("st-1").orElseThrow();
    assertThat(live.occupancy().value()).isEqualTo(5);
    assertThat(live.temperatureC().value()).isEqualTo(22.0);
    assertThat(live.humidityPct().value()).isEqualTo(40.0);
    assertThat(state.findDevice("dev-a").orElseThrow().lastReadingTime())
        .isEqualTo(T0.minusSeconds(10));
  }

  @Test
  void readingsOfOneBatchKeepTheNewestPerStation() {
    state.apply(
        List.of(
            reading("st-1", "dev-a", 10, 5, null, null),
            reading("st-1", "dev-a", 20, 4, null, null),
            reading("st-1", "dev-b", 5, null, 25.0, null)));

    StationLive live = state.find("st-1").orElseThrow();
    assertThat(live.occupancy().value()).isEqualTo(5);
    assertThat(live.temperatureC().value()).isEqualTo(25.0);
  }

  @Test
  void aValueMeasuredAtTheSameTimeDoesNotReplaceTheOneKept() {
    Reading first = reading("st-1", "dev-a", 10, 5, null, null);
    Reading same = reading("st-1", "dev-b", 10, 6, null, null);
    state.apply(List.of(first));
    state.drainChanged();
    state.apply(List.of(same));

    assertThat(state.find("st-1").orElseThrow().occupancy().deviceId()).isEqualTo("dev-a");
    assertThat(state.drainChanged()).isEmpty();
  }

  @Test
  void aFlaggedReadingIsASignOfLifeButNeverAValue() {
    state.apply(List.of(reading("st-1", "dev-a", 60, 3, 21.5, 50.0)));
    state.drainChanged();
    Reading lying =
        reading("st-1", "dev-a", 0, 9, 80.0, 0.0).withFlags(QualityFlag.OUT_OF_RANGE.bit());
    state.apply(List.of(lying));

    StationLive live = state.find("st-1").orElseThrow();
    assertThat(live.occupancy().value()).isEqualTo(3);
    assertThat(live.temperatureC().value()).isEqualTo(21.5);
    assertThat(live.humidityPct().value()).isEqualTo(50.0);
    assertThat(state.drainChanged()).isEmpty();
    LiveState.DeviceSeen seen = state.findDevice("dev-a").orElseThrow();
    assertThat(seen.lastReadingTime()).isEqualTo(T0);
    assertThat(seen.lastReceivedAt()).isEqualTo(T0.plusSeconds(1));
    assertThat(seen.batteryPct()).isEqualTo(80);
    assertThat(seen.rssiDbm()).isEqualTo(-70);
  }

  @Test
  void aFlaggedFirstReadingCreatesNoStation() {
    state.apply(List.of(reading("st-1", "dev-a", 0, 3, 21.0, 50.0).withFlags(1)));

    assertThat(state.find("st-1")).isEmpty();
    assertThat(state.size()).isZero();
    assertThat(state.findDevice("dev-a")).isPresent();
  }

  @Test
  void aReadingWithoutMeasurementsOnlyMarksItsDeviceSeen() {
    state.apply(List.of(reading("st-1", "dev-a", 0, null, null, null)));

    assertThat(state.find("st-1")).isEmpty();
    assertThat(state.drainChanged()).isEmpty();
    assertThat(state.findDevice("dev-a").orElseThrow().deviceId()).isEqualTo("dev-a");
  }

  @Test
  void anOlderReadingDoesNotMoveItsDeviceBack() {
    state.apply(List.of(reading("st-1", "dev-a", 10, null, null, null)));
    state.apply(List.of(reading("st-1", "dev-a", 500, null, null, null)));

    assertThat(state.findDevice("dev-a").orElseThrow().lastReadingTime())
        .isEqualTo(T0.minusSeconds(10));
    state.apply(List.of(reading("st-1", "dev-a", 5, null, null, null)));
    assertThat(state.findDevice("dev-a").orElseThrow().lastReadingTime())
        .isEqualTo(T0.minusSeconds(5));
  }

  @Test
  void changedStationsAreDrainedOnce() {
    assertThat(state.drainChanged()).isEmpty();
    state.apply(
        List.of(
            reading("st-1", "dev-a", 10, 5, null, null),
            reading("st-2", "dev-b", 10, 2, null, null)));

    assertThat(state.drainChanged()).containsExactlyInAnyOrder("st-1", "st-2");
    assertThat(state.drainChanged()).isEmpty();

    state.apply(List.of(reading("st-2", "dev-b", 5, 3, null, null)));
    assertThat(state.drainChanged()).containsExactly("st-2");
    assertThat(state.size()).isEqualTo(2);
  }

  @Test
  void unknownStationsAndDevicesAreEmpty() {
    assertThat(state.find("st-x")).isEmpty();
    assertThat(state.findDevice("dev-x")).isEmpty();
  }
}
