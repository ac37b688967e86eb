package org.yizhan.device;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Device health counted over the fleet (or the asking admin's part of it), per city and district,
 * and the devices whose battery is low.
 *
 * @param lowBattery the lowest batteries first, at most 100 of {@code lowBatteryCount}
 */
public record FleetSummary(
    Instant asOf,
    int devices,
    Map<DeviceHealth.State, Integer> totals,
    List<PlaceCounts> byPlace,
    int lowBatteryPct,
    int lowBatteryCount,
    List<LowBattery> lowBattery) {

  /** Counts per health state in one city and district, either unknown (null). */
  public record PlaceCounts(
      String city, String district, Map<DeviceHealth.State, Integer> counts) {}

  /** A device whose battery is at or below the low mark. */
  public record LowBattery(String id, String stationId, int batteryPct, DeviceHealth.State state) {}
}
