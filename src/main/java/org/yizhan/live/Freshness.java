package org.yizhan.live;

import java.time.Duration;
import java.time.Instant;
import java.util.function.ToIntFunction;

/**
 * The rule for "stale": a live value is current while it was measured at most three of its device's
 * reporting intervals ago. Workers' live JSON, the free-seat count and the condition watch all
 * judge by this one rule.
 */
public final class Freshness {

  /** How many expected intervals may pass before a value is stale. */
  public static final int STALE_AFTER_INTERVALS = 3;

  private final ToIntFunction<String> expectedIntervalS;

  /**
   * @param expectedIntervalS a device's reporting interval in seconds, by device id (0 or less when
   *     unknown: counted as one second)
   */
  public Freshness(ToIntFunction<String> expectedIntervalS) {
    this.expectedIntervalS = expectedIntervalS;
  }

  /**
   * Whether a value exists and is recent enough to show as current: measured at most three of its
   * device's intervals ago, to the nanosecond. Its whole-second age would keep a value current for
   * up to a second past that.
   */
  public boolean isCurrent(Measured<?> m, Instant now) {
    return m != null
        && Duration.between(m.time(), now).compareTo(Duration.ofSeconds(staleAfterSeconds(m))) <= 0;
  }

  /** Seconds after its measurement at which a value turns stale. */
  public long staleAfterSeconds(Measured<?> m) {
    return (long) STALE_AFTER_INTERVALS * Math.max(1, expectedIntervalS.applyAsInt(m.deviceId()));
  }
}
