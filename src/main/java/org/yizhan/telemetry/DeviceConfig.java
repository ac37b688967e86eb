package org.yizhan.telemetry;

import java.util.Locale;
import java.util.Objects;

/**
 * A device's complete configuration as the server publishes it, retained, on the device's config
 * topic. Ranges are those of {@code config.schema.json}; {@link TelemetryDecoder#encodeConfig}
 * refuses a configuration outside them.
 *
 * @param version increased on every change; the device echoes it as {@code config_version}
 * @param intervalS reporting interval in seconds
 * @param temperatureHighC report at once above this temperature, °C; {@code null} for none
 * @param temperatureLowC report at once below this temperature, °C; {@code null} for none
 * @param occupancyReport when people counters publish
 */
public record DeviceConfig(
    int version,
    int intervalS,
    Double temperatureHighC,
    Double temperatureLowC,
    OccupancyReport occupancyReport) {

  /** The {@code occupancy_report} field. */
  public enum OccupancyReport {
    /** Also publish as soon as occupancy changes (at most every 5 s). */
    ON_CHANGE,
    /** Publish every interval only. */
    PERIODIC;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }

    static OccupancyReport ofCode(String code) {
      return valueOf(code.toUpperCase(Locale.ROOT));
    }
  }

  public DeviceConfig {
    Objects.requireNonNull(occupancyReport, "occupancyReport");
    // The one rule JSON Schema cannot state; ranges are checked against the schema on encoding.
    if (temperatureHighC != null
        && temperatureLowC != null
        && !(temperatureLowC < temperatureHighC)) {
      throw new IllegalArgumentException(
          "temperatureLowC "
              + temperatureLowC
              + " must be below temperatureHighC "
              + temperatureHighC);
    }
  }
}
