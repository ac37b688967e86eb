package org.yizhan.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The clock estimate: the smallest delivery lag of the live readings received in the current and
 * the previous window of server time, forgotten after that.
 */
class DeviceTrackTest {

  private static final long MIN = 60_000;
  private static final long WINDOW = 30 * MIN;

  private final DeviceTrack t = new DeviceTrack();

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
}
