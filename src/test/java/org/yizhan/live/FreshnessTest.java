package org.yizhan.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rule for stale live values, shared by the workers' JSON and the condition watch. */
class FreshnessTest {

  private static final Instant NOW = Instant.parse("2026-07-01T04:00:00Z");

  @Test
  void theLimitIsThreeOfTheMeasuringDevicesOwnIntervals() {
    Freshness perDevice = new Freshness(device -> device.equals("fast") ? 5 : 600);
    Instant fifteenSecondsAgo = NOW.minusSeconds(15);
    Measured<Integer> fast = new Measured<>(4, "fast", fifteenSecondsAgo, fifteenSecondsAgo);
    Measured<Integer> slow = new Measured<>(4, "slow", NOW.minusSeconds(1800), NOW);
    assertThat(perDevice.isCurrent(fast, NOW)).isTrue();
    assertThat(perDevice.isCurrent(fast, NOW.plusMillis(1))).isFalse();
    assertThat(perDevice.isCurrent(slow, NOW)).isTrue();
    assertThat(perDevice.isCurrent(slow, NOW.plusNanos(1))).isFalse();
    assertThat(perDevice.isCurrent(null, NOW)).as("no value is never current").isFalse();
  }

  @Test
  void aDeviceWithoutAKnownIntervalCountsAsOneSecond() {
    Freshness unknown = new Freshness(device -> 0);
    Measured<Integer> m = new Measured<>(4, "dev", NOW.minusSeconds(3), NOW);
    assertThat(unknown.isCurrent(m, NOW)).isTrue();
    assertThat(unknown.isCurrent(m, NOW.plusNanos(1))).isFalse();
  }
}
