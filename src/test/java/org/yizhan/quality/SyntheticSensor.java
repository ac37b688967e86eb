package org.yizhan.quality;

import java.time.Duration;
import java.time.Instant;
import org.yizhan.telemetry.Reading;

/**
 * One device's readings for tests: each field holds what the next reading will carry, and {@link
 * #next} moves the device's clock and sequence number on.
 */
final class SyntheticSensor {

  final String id;
  long seq = 1_000;
  Instant time;
  Integer occupancy;
  Long entries;
  Long exits;
  Double temperatureC;
  Double humidityPct;

  /** How long after measuring the server receives it. */
  Duration delay = Duration.ofMillis(700);

  SyntheticSensor(String id, Instant start) {
    this.id = id;
    this.time = start;
  }

  /** The next reading, {@code step} after the previous one. */
  Reading next(Duration step) {
    time = time.plus(step);
    seq++;
    return current();
  }

  Reading next() {
    return next(Duration.ofMinutes(1));
  }

  /** The current reading again, as sent now; receipt stays measurement time plus {@link #delay}. */
  Reading current() {
    return receivedAt(time.plus(delay));
  }

  Reading receivedAt(Instant received) {
    return new Reading(
        "st-q",
        id,
        seq,
        time,
        occupancy,
        entries,
        exits,
        temperatureC,
        humidityPct,
        80,
        -67,
        "1.4.2",
        received);
  }
}
