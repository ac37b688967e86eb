package org.yizhan.live;

import java.time.Instant;

/**
 * One live value with where and when it came from.
 *
 * @param time when the device measured it (its clock)
 * @param receivedAt when the server received it
 */
public record Measured<T extends Number>(
    T value, String deviceId, Instant time, Instant receivedAt) {

  /** Keeps whichever of the two was measured later (backfill must not overwrite newer data). */
  static <T extends Number> Measured<T> newer(Measured<T> current, Measured<T> candidate) {
    if (candidate == null) {
      return current;
    }
    if (current == null || candidate.time().isAfter(current.time())) {
      return candidate;
    }
    return current;
  }
}
