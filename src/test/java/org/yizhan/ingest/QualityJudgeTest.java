package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.quality.QualityFlag;
import org.yizhan.quality.QualityRules;
import org.yizhan.quality.ReadingQuality;
import org.yizhan.station.StationSnapshot;
import org.yizhan.station.TestStations;
import org.yizhan.telemetry.Reading;

/** Verifies that the writer's judge flags a reading against its station's capacity. */
class QualityJudgeTest {

  private static final Instant T = Instant.parse("2026-12-05T02:00:00Z");

  private final QualityJudge judge =
      new QualityJudge(
          new ReadingQuality(QualityRules.DEFAULTS),
          () -> StationSnapshot.of(List.of(TestStations.station("ty-1", 37.8, 112.5))));

  private static Reading reading(String station, String device, long seq, int occupancy) {
    return new Reading(
        station,
        device,
        seq,
        T.plusSeconds(seq),
        occupancy,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        T.plusSeconds(seq));
  }

  @Test
  void aReadingOverItsStationsCapacityIsFlagged() {
    assertThat(judge.apply(reading("ty-1", "d1", 1, 5)).flags()).isZero();
    Reading over = judge.apply(reading("ty-1", "d2", 1, 11));
    assertThat(QualityFlag.OVER_CAPACITY.isIn(over.flags())).isTrue();
  }

  @Test
  void aStationNoLongerInTheRegistryHasNoCapacityRule() {
    assertThat(judge.apply(reading("gone", "d3", 1, 500)).flags()).isZero();
  }
}
