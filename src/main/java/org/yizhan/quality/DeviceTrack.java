package org.yizhan.quality;

import org.yizhan.telemetry.Reading;

/**
 * What the stateful rules remember of one device: its latest reading by device time and, per
 * measurement, one baseline or one run of identical values. No history; about 160 bytes. Guarded by
 * its {@link ReadingQuality}'s lock.
 */
final class DeviceTrack {

  static final long NONE = Long.MIN_VALUE;

  /** The latest reading by device time (microseconds, as stored), and its verdict. */
  long seq;

  long timeMicros = NONE;
  int mask;

  /** Device time (ms) of the first reading this judge knew of the device; NONE before it. */
  long firstMs = NONE;

  /** Counter baselines; -1 when there is none to judge the next value against. */
  long entries = -1;

  long entriesAtMs;
  long exits = -1;
  long exitsAtMs;
  int occupancy = -1;
  long occupancyAtMs;

  /** Runs of exactly identical values: the value, the device time it started, its length. */
  double temperatureRun;

  long temperatureRunStartMs;
  int temperatureRunCount;
  double humidityRun;
  long humidityRunStartMs;
  int humidityRunCount;
  int occupancyRun;
  long occupancyRunStartMs;
  int occupancyRunCount;

  /**
   * The smallest delivery lag (receipt minus device time) of live readings received in the current
   * and the previous window of server time. Delays only ever add to a lag, so this minimum is the
   * clock offset as well as the recent readings can tell it.
   */
  long lagWindow = NONE;

  long lagWindowMinMs;
  long previousLagWindowMinMs;

  /**
   * Takes another judge's word that the reading at {@code timeMs} is stuck: each of its
   * measurements whose run of identical values reaches back to the first reading known here (so
   * this judge cannot tell how long it really is) is made at least long enough to be stuck.
   */
  void adoptStuck(Reading r, long timeMs, long climateMs, long occupancyMs, QualityRules rules) {
    if (r.temperatureC() != null && temperatureRunCount > 0 && temperatureRunStartMs <= firstMs) {
      temperatureRunStartMs = Math.min(temperatureRunStartMs, timeMs - climateMs);
      temperatureRunCount = Math.max(temperatureRunCount, rules.stuckClimateReadings());
    }
    if (r.humidityPct() != null && humidityRunCount > 0 && humidityRunStartMs <= firstMs) {
      humidityRunStartMs = Math.min(humidityRunStartMs, timeMs - climateMs);
      humidityRunCount = Math.max(humidityRunCount, rules.stuckClimateReadings());
    }
    if (r.occupancy() != null && occupancyRunCount > 0 && occupancyRunStartMs <= firstMs) {
      occupancyRunStartMs = Math.min(occupancyRunStartMs, timeMs - occupancyMs);
      occupancyRunCount = Math.max(occupancyRunCount, rules.stuckOccupancyReadings());
    }
  }

  boolean hasLatest() {
    return timeMicros != NONE;
  }

  /** Whether a reading at that time and sequence number is newer than the latest. */
  boolean isNewest(long micros, long sequence) {
    return timeMicros == NONE || micros > timeMicros || (micros == timeMicros && sequence > seq);
  }

  void observeLag(long receivedMs, long lagMs, long windowMs) {
    long w = Math.floorDiv(receivedMs, windowMs);
    if (lagWindow == NONE || w > lagWindow + 1) {
      previousLagWindowMinMs = Long.MAX_VALUE;
      lagWindowMinMs = lagMs;
      lagWindow = w;
    } else if (w == lagWindow + 1) {
      previousLagWindowMinMs = lagWindowMinMs;
      lagWindowMinMs = lagMs;
      lagWindow = w;
    } else {
      lagWindowMinMs = Math.min(lagWindowMinMs, lagMs); // same window (or the server clock stepped)
    }
  }

  /** The smallest lag of the live readings received recently before {@code receivedMs}. */
  long recentMinLag(long receivedMs, long windowMs) {
    if (lagWindow == NONE) {
      return Long.MAX_VALUE;
    }
    long w = Math.floorDiv(receivedMs, windowMs);
    if (w <= lagWindow) {
      return Math.min(lagWindowMinMs, previousLagWindowMinMs);
    }
    return w == lagWindow + 1 ? lagWindowMinMs : Long.MAX_VALUE;
  }
}
