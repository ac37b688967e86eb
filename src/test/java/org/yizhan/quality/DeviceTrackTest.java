package org.yizhan.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.yizhan.telemetry.Reading;

/**
 * The clock estimate: the smallest delivery lag of the live readings received in the current and
 * the previous window of server time, forgotten after that.
 */
class DeviceTrackTest {

  private static final long MIN = 60_000;
  private static final long WINDOW = 30 * MIN;

  private final DeviceTrack t = new DeviceTrack();

  /** Stuck after 3 h and 6 readings (climate), 4 h and 9 readings (occupancy). */
  private static final QualityRules RULES =
      new QualityRules(
          -30,
          60,
          1,
          100,
          Duration.ofSeconds(120),
          Duration.ofSeconds(120),
          Duration.ofMinutes(30),
          60,
          10,
          Duration.ofHours(3),
          6,
          Duration.ofHours(4),
          9);

  private static final long CLIMATE_MS = Duration.ofHours(3).toMillis();
  private static final long OCCUPANCY_MS = Duration.ofHours(4).toMillis();
  private static final long FIRST_MS = Instant.parse("2026-07-15T00:00:00Z").toEpochMilli();
  private static final long NOW_MS = FIRST_MS + 10 * MIN;

  private static Reading reading(Double temperatureC, Double humidityPct, Integer occupancy) {
    Instant time = Instant.ofEpochMilli(NOW_MS);
    return new Reading(
        "st-q",
        "dev-t",
        7,
        time,
        occupancy,
        null,
        null,
        temperatureC,
        humidityPct,
        null,
        null,
        null,
        time.plusSeconds(1));
  }

  /** Every measurement in a run of {@code count} readings that started at {@code startMs}. */
  private void runs(long startMs, int count) {
    t.firstMs = FIRST_MS;
    t.temperatureRunStartMs = startMs;
    t.temperatureRunCount = count;
    t.humidityRunStartMs = startMs;
    t.humidityRunCount = count;
    t.occupancyRunStartMs = startMs;
    t.occupancyRunCount = count;
  }

  @Test
  void withoutLiveReadingsNothingExcusesALag() {
    assertThat(t.recentMinLag(10 * MIN, WINDOW)).isEqualTo(Long.MAX_VALUE);
    assertThat(t.hasLatest()).isFalse();
  }

  @Test
  void theSmallestLagOfTheWindowCounts() {
    t.observeLag(10 * MIN, 50, WINDOW);
    t.observeLag(11 * MIN, 5, WINDOW);
    t.observeLag(12 * MIN, 60, WINDOW);

    assertThat(t.recentMinLag(20 * MIN, WINDOW)).isEqualTo(5);
  }

  @Test
  void thePreviousWindowStillCountsAndTheOneBeforeItNot() {
    t.observeLag(10 * MIN, 5, WINDOW); // window 0
    t.observeLag(40 * MIN, 50, WINDOW); // window 1

    assertThat(t.recentMinLag(45 * MIN, WINDOW)).as("windows 0 and 1").isEqualTo(5);
    assertThat(t.recentMinLag(70 * MIN, WINDOW)).as("window 2: only 1").isEqualTo(50);
    assertThat(t.recentMinLag(100 * MIN, WINDOW)).as("window 3: none").isEqualTo(Long.MAX_VALUE);

    t.observeLag(70 * MIN, 80, WINDOW); // window 2: window 0 is forgotten
    assertThat(t.recentMinLag(75 * MIN, WINDOW)).isEqualTo(50);
  }

  @Test
  void aGapOfMoreThanOneWindowForgetsEverything() {
    t.observeLag(10 * MIN, 5, WINDOW); // window 0
    t.observeLag(70 * MIN, 50, WINDOW); // window 2

    assertThat(t.recentMinLag(75 * MIN, WINDOW)).isEqualTo(50);
    assertThat(t.recentMinLag(95 * MIN, WINDOW)).isEqualTo(50);
  }

  @Test
  void aServerClockSteppedBackStaysInTheCurrentWindow() {
    t.observeLag(40 * MIN, 50, WINDOW); // window 1
    t.observeLag(10 * MIN, 3, WINDOW); // window 0, seen after window 1

    assertThat(t.recentMinLag(40 * MIN, WINDOW)).isEqualTo(3);
    assertThat(t.recentMinLag(10 * MIN, WINDOW)).isEqualTo(3);
  }

  @Test
  void newestIsByTimeThenBySequence() {
    assertThat(t.isNewest(1_000, 5)).isTrue();
    t.timeMicros = 1_000;
    t.seq = 5;

    assertThat(t.hasLatest()).isTrue();
    assertThat(t.isNewest(1_001, 1)).isTrue();
    assertThat(t.isNewest(999, 9)).isFalse();
    assertThat(t.isNewest(1_000, 6)).isTrue();
    assertThat(t.isNewest(1_000, 4)).isFalse();
    assertThat(t.isNewest(1_000, 5)).as("the latest itself").isFalse();
  }

  @Test
  void theSentinelOfNoLagIsNotMistakenForAWindowNumber() {
    // Long.MIN_VALUE is both "no window yet" and the number of the window this time falls in.
    assertThat(t.recentMinLag(Long.MIN_VALUE, 1)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aRunReachingBackToTheFirstReadingIsMadeLongEnoughToBeStuck() {
    runs(FIRST_MS, 2); // began with the first reading known here: its true length is unknown

    t.adoptStuck(reading(24.5, 55.0, 4), NOW_MS, CLIMATE_MS, OCCUPANCY_MS, RULES);

    assertThat(t.temperatureRunStartMs).isEqualTo(NOW_MS - CLIMATE_MS);
    assertThat(t.temperatureRunCount).isEqualTo(6);
    assertThat(t.humidityRunStartMs).isEqualTo(NOW_MS - CLIMATE_MS);
    assertThat(t.humidityRunCount).isEqualTo(6);
    assertThat(t.occupancyRunStartMs).isEqualTo(NOW_MS - OCCUPANCY_MS);
    assertThat(t.occupancyRunCount).isEqualTo(9);
  }

  @Test
  void aRunThatBeganAfterTheFirstReadingKeepsItsOwnLength() {
    runs(FIRST_MS + 1, 2);

    t.adoptStuck(reading(24.5, 55.0, 4), NOW_MS, CLIMATE_MS, OCCUPANCY_MS, RULES);

    assertRuns(FIRST_MS + 1, 2);
  }

  @Test
  void withoutARunThereIsNothingToLengthen() {
    runs(FIRST_MS, 0); // e.g. an occupancy of 0, which never counts as stuck

    t.adoptStuck(reading(24.5, 55.0, 0), NOW_MS, CLIMATE_MS, OCCUPANCY_MS, RULES);

    assertRuns(FIRST_MS, 0);
  }

  @Test
  void aMeasurementTheReadingDoesNotCarryIsLeftAlone() {
    runs(FIRST_MS, 2);

    t.adoptStuck(reading(null, null, null), NOW_MS, CLIMATE_MS, OCCUPANCY_MS, RULES);

    assertRuns(FIRST_MS, 2);
  }

  @Test
  void aRunKnownToBeLongerStaysAsLongAsItIs() {
    long start = NOW_MS - 5 * 60 * MIN;
    runs(start, 50);
    t.firstMs = start;

    t.adoptStuck(reading(24.5, 55.0, 4), NOW_MS, CLIMATE_MS, OCCUPANCY_MS, RULES);

    assertRuns(start, 50);
  }

  private void assertRuns(long startMs, int count) {
    assertThat(t.temperatureRunStartMs).isEqualTo(startMs);
    assertThat(t.temperatureRunCount).isEqualTo(count);
    assertThat(t.humidityRunStartMs).isEqualTo(startMs);
    assertThat(t.humidityRunCount).isEqualTo(count);
    assertThat(t.occupancyRunStartMs).isEqualTo(startMs);
    assertThat(t.occupancyRunCount).isEqualTo(count);
  }
}
