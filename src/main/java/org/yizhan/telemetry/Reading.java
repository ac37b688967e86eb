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
 * @param batched whether it came in a batch of buffered readings (backfill), not sent when measured
 * @param flags why it is not to be trusted as a live value, as a {@code QualityFlag} mask; 0 for a
 *     good reading or one not yet judged (the writer judges each reading before storing it)
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
    Instant receivedAt,
    boolean batched,
    int flags) {

  /** A reading sent on its own, not yet judged. */
  public Reading(
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
    this(
        stationId,
        deviceId,
        seq,
        time,
        occupancy,
        entries,
        exits,
        temperatureC,
        humidityPct,
        batteryPct,
        rssiDbm,
        firmware,
        receivedAt,
        false,
        0);
  }

  public Reading {
    Objects.requireNonNull(stationId, "stationId");
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /** This reading with its quality verdict; itself when the verdict is unchanged. */
  public Reading withFlags(int mask) {
    if (mask == flags) {
      return this;
    }
    return new Reading(
        stationId,
        deviceId,
        seq,
        time,
        occupancy,
        entries,
        exits,
        temperatureC,
        humidityPct,
        batteryPct,
        rssiDbm,
        firmware,
        receivedAt,
        batched,
        mask);
  }

  /** Whether its values may be shown as live: no quality flag is set. */
  public boolean trusted() {
    return flags == 0;
  }
}
