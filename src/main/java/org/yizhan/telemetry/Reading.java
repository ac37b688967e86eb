package org.yizhan.telemetry;

import java.time.Instant;
import java.util.Objects;

/**
 * One sensor reading as stored: what a device measured at {@code time} (its clock, UTC) and when
 * the server received it. Absent measurements are {@code null}. Identity for deduplication is
 * (device, seq, time): a redelivery repeats all three.
 *
 * @param occupancy people inside, as counted by the device
 * @param entries cumulative door entries counter
 * @param exits cumulative door exits counter
 */
public record Reading(
    String stationId,
    String deviceId,
    long seq,
    Instant time,
    Integer occupancy,
    Long entries,
    Long exits,
    Double temperatureC,
    Double humidityPct,
    Integer batteryPct,
    Integer rssiDbm,
    String firmware,
    Instant receivedAt) {

  public Reading {
    Objects.requireNonNull(stationId, "stationId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }
}
