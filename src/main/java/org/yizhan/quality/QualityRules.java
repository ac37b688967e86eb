package org.yizhan.quality;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds of the data-quality rules. {@link #DEFAULTS} holds values chosen from what real
 * station sensors do; each is explained at its parameter.
 *
 * @param minTemperatureC below this an indoor temperature is {@code out_of_range}. Default −30 °C:
 *     an unheated container station in Heilongjiang on a January night can approach −30 °C, while
 *     the usual failure values of cheap probes (−40 °C from an SHT/AM2302 read error, −127 °C from
 *     a disconnected DS18B20, the latter refused by the contract already) lie below it.
 * @param maxTemperatureC above this it is {@code out_of_range}. Default 60 °C, deliberately above
 *     the 50 °C one might expect: a steel container station in Turpan or Hami whose air conditioner
 *     has failed in July really reaches 50–55 °C inside, and flagging that reading would hide the
 *     very {@code too_hot} condition it must raise. 85 °C, the DS18B20's power-on value, and the
 *     contract's 85 °C ceiling stay out.
 * @param minHumidityPct below this a relative humidity is {@code out_of_range}. Default 1 %: heated
 *     rooms in a northern winter fall to 10–15 %, never to 0 %, while 0 % is what a capacitive
 *     sensor with a broken element or a failed read returns. 100 % (condensation near showers)
 *     stays valid.
 * @param maxHumidityPct above this it is {@code out_of_range}. Default 100 %.
 * @param maxClockLag a live reading received more than this after its device time is {@code
 *     clock_off}, unless other live readings of the last {@code clockWindow} arrived on time (then
 *     this one was merely delivered late, e.g. queued during a reconnect). Default 120 s: even
 *     NB-IoT with power saving delivers within tens of seconds, and NTP keeps a clock within one.
 * @param maxClockLead a reading whose device time is more than this ahead of its receipt is {@code
 *     clock_off}, backfilled or not: no delay can make a reading arrive before it was measured.
 *     Default 120 s (the decoder refuses anything more than 5 min ahead).
 * @param clockWindow how far back the punctual live readings that excuse a late one may lie.
 *     Default 30 min (the estimate spans 30 to 60 min): several readings at the usual 1–5 min
 *     intervals.
 * @param maxDoorRatePerMin the most people per minute of device time a counter may add, beyond
 *     {@code doorBurst}. Default 60: a single station door passes about one person a second in a
 *     steady queue and rest stations have one or two doors; a counter adding more is double
 *     counting or glitching.
 * @param doorBurst people allowed at once regardless of elapsed time, so that a group arriving
 *     between two readings a few seconds apart is no jump. Default 10 (a delivery team, a bus
 *     crew).
 * @param stuckClimateAfter how long a temperature or humidity must stay exactly identical to be
 *     {@code stuck}. Default 3 h: a working probe reports noise in its last digit even in a closed
 *     room, and a rest station's air changes with doors, people and air conditioning; three hours
 *     without a single 0.1 step only happens with a frozen sensor or firmware sending a cached
 *     value.
 * @param stuckClimateReadings and across at least this many readings, so a device that reported
 *     twice three hours apart is not stuck. Default 6.
 * @param stuckOccupancyAfter how long a non-zero occupancy must stay identical. Default 4 h: people
 *     come and go within an hour or two at a rest station; an empty station legitimately reads 0
 *     all night, so 0 never counts as stuck.
 * @param stuckOccupancyReadings and across at least this many readings. Default 6.
 */
public record QualityRules(
    double minTemperatureC,
    double maxTemperatureC,
    double minHumidityPct,
    double maxHumidityPct,
    Duration maxClockLag,
    Duration maxClockLead,
    Duration clockWindow,
    double maxDoorRatePerMin,
    int doorBurst,
    Duration stuckClimateAfter,
    int stuckClimateReadings,
    Duration stuckOccupancyAfter,
    int stuckOccupancyReadings) {

  public static final QualityRules DEFAULTS =
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
          6);

  public QualityRules {
    Objects.requireNonNull(maxClockLag, "maxClockLag");
    Objects.requireNonNull(maxClockLead, "maxClockLead");
    Objects.requireNonNull(clockWindow, "clockWindow");
    Objects.requireNonNull(stuckClimateAfter, "stuckClimateAfter");
    Objects.requireNonNull(stuckOccupancyAfter, "stuckOccupancyAfter");
    if (!(minTemperatureC < maxTemperatureC) || !(minHumidityPct <= maxHumidityPct)) {
      throw new IllegalArgumentException("empty plausible range");
    }
    if (maxDoorRatePerMin <= 0 || doorBurst < 0) {
      throw new IllegalArgumentException("door rate must be positive");
    }
    if (clockWindow.isNegative() || clockWindow.isZero()) {
      throw new IllegalArgumentException("clockWindow must be positive");
    }
  }
}
