package org.yizhan.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.yizhan.telemetry.Reading;

/**
 * Readings judged by another judge (another instance in broker mode, or this one before a restart)
 * and taken in with {@link ReadingQuality#observe}: a stream split between two judges gets the
 * verdicts one judge gives the whole stream, and a stored {@code stuck} verdict carries a run that
 * is longer than what was read back.
 */
class ReadingsJudgedElsewhereTest {

  private static final Instant T0 = Instant.parse("2026-07-15T00:00:00Z");
  private static final int CAPACITY = 20;

  /**
   * Verifies that two judges each given every other reading, observing the other's, agree with one.
   */
  @Test
  void aStreamSplitBetweenTwoJudgesThatObserveEachOtherGetsTheWholeStreamsVerdicts() {
    ReadingQuality whole = new ReadingQuality(QualityRules.DEFAULTS);
    ReadingQuality a = new ReadingQuality(QualityRules.DEFAULTS);
    ReadingQuality b = new ReadingQuality(QualityRules.DEFAULTS);
    SyntheticSensor s = new SyntheticSensor("dev-split", T0);
    s.temperatureC = 24.5; // frozen
    s.occupancy = 4;
    s.entries = 5_000L;
    s.exits = 4_996L;
    Random rnd = new Random(3);
    List<Integer> expected = new ArrayList<>();
    List<Integer> split = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      s.humidityPct = 50 + rnd.nextInt(50) / 10.0;
      int in = rnd.nextInt(3);
      s.entries += in;
      s.exits += in;
      if (i == 200) {
        s.entries += 900; // a glitch: a jump the counters must catch across the split
      }
      Reading r = s.next(Duration.ofMinutes(1));
      expected.add(whole.assess(r, CAPACITY, false));
      ReadingQuality judge = i % 2 == 0 ? a : b;
      ReadingQuality other = judge == a ? b : a;
      int mask = judge.assess(r, CAPACITY, false);
      split.add(mask);
      other.observe(r.withFlags(mask), CAPACITY);
    }
    assertThat(split).isEqualTo(expected);
    assertThat(QualityFlag.fromMask(expected.get(200)))
        .containsExactlyInAnyOrder(QualityFlag.COUNTER_JUMP, QualityFlag.STUCK);
    assertThat(expected.get(299)).isEqualTo(QualityFlag.STUCK.bit());
    assertThat(a.findFlags("dev-split")).isEqualTo(whole.findFlags("dev-split"));
    assertThat(b.findFlags("dev-split")).isEqualTo(whole.findFlags("dev-split"));
  }

  /**
   * Verifies that a run read back only in part (fewer readings and hours than stuck needs) is still
   * stuck when its stored readings say so, while a value whose run began among them is not.
   */
  @Test
  void aStoredStuckVerdictCarriesARunLongerThanWhatWasReadBack() {
    ReadingQuality q = new ReadingQuality(QualityRules.DEFAULTS);
    SyntheticSensor s = new SyntheticSensor("dev-back", T0);
    s.temperatureC = 24.5;
    s.humidityPct = 50.0;
    int stuck = QualityFlag.STUCK.bit();
    q.observe(s.current().withFlags(stuck), CAPACITY);
    s.humidityPct = 51.0; // moves once, then stays: a run that began within what was read back
    for (int i = 0; i < 3; i++) {
      q.observe(s.next(Duration.ofMinutes(1)).withFlags(stuck), CAPACITY);
    }
    assertThat(q.findFlags("dev-back").orElseThrow().flags()).containsExactly(QualityFlag.STUCK);

    assertThat(q.assess(s.next(Duration.ofMinutes(1)), CAPACITY, false))
        .as("the temperature's run reached back past the first reading read back")
        .isEqualTo(stuck);
    s.temperatureC = 24.6;
    assertThat(q.assess(s.next(Duration.ofMinutes(1)), CAPACITY, false))
        .as("the humidity's run began 5 minutes ago: not stuck")
        .isZero();
  }

  /** Verifies that a stored verdict is taken as it is, and an older reading changes nothing. */
  @Test
  void theStoredVerdictIsTheDevicesFlagsAndAnOlderReadingChangesNothing() {
    ReadingQuality q = new ReadingQuality(QualityRules.DEFAULTS);
    SyntheticSensor s = new SyntheticSensor("dev-v", T0);
    s.occupancy = 4;
    Reading older = s.current();
    Reading newer = s.next(Duration.ofMinutes(1));
    q.observe(newer.withFlags(QualityFlag.CLOCK_OFF.bit()), CAPACITY);
    q.observe(older, CAPACITY);
    assertThat(q.findFlags("dev-v").orElseThrow().flags()).containsExactly(QualityFlag.CLOCK_OFF);
    assertThat(q.assess(newer, CAPACITY, false))
        .as("a redelivery of the latest gets the verdict it was stored with")
        .isEqualTo(QualityFlag.CLOCK_OFF.bit());
  }

  /** Verifies that a clean stored verdict is kept even where this judge would flag the reading. */
  @Test
  void aStoredCleanVerdictIsKeptAsItIs() {
    ReadingQuality q = new ReadingQuality(QualityRules.DEFAULTS);
    SyntheticSensor s = new SyntheticSensor("dev-clean", T0);
    s.temperatureC = 99.0; // out of range here; the judge that stored it found nothing
    Reading r = s.current().withFlags(QualityFlag.NONE);

    q.observe(r, CAPACITY);

    assertThat(q.findFlags("dev-clean")).isEmpty();
    assertThat(q.assess(r, CAPACITY, false)).as("a redelivery of it").isEqualTo(QualityFlag.NONE);
  }

  /**
   * Verifies that a run whose count reached the largest int (taken from another judge's stuck
   * verdict, under rules that ask for that many readings) stays there instead of wrapping around.
   */
  @Test
  void aRunCountAtTheLargestIntStaysThere() {
    QualityRules d = QualityRules.DEFAULTS;
    QualityRules byTimeOnly =
        new QualityRules(
            d.minTemperatureC(),
            d.maxTemperatureC(),
            d.minHumidityPct(),
            d.maxHumidityPct(),
            d.maxClockLag(),
            d.maxClockLead(),
            d.clockWindow(),
            d.maxDoorRatePerMin(),
            d.doorBurst(),
            d.stuckClimateAfter(),
            Integer.MAX_VALUE,
            d.stuckOccupancyAfter(),
            d.stuckOccupancyReadings());
    ReadingQuality q = new ReadingQuality(byTimeOnly);
    SyntheticSensor s = new SyntheticSensor("dev-max", T0);
    s.temperatureC = 24.5;
    q.observe(s.current().withFlags(QualityFlag.STUCK.bit()), CAPACITY);

    for (int i = 0; i < 2; i++) {
      assertThat(q.assess(s.next(Duration.ofMinutes(1)), CAPACITY, false))
          .as("reading %d", i)
          .isEqualTo(QualityFlag.STUCK.bit());
    }
  }
}
