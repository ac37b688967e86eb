package org.yizhan.live;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.yizhan.telemetry.Reading;

/**
 * The latest measurements per station and the last-seen time per device, in memory. Written by the
 * reading writer after each commit (so nothing uncommitted is ever shown), read by every API
 * request. Values are immutable records swapped per key.
 */
public final class LiveState {

  private final Map<String, StationLive> stations = new ConcurrentHashMap<>();
  private final Map<String, DeviceSeen> devices = new ConcurrentHashMap<>();
  private final Set<String> changed = ConcurrentHashMap.newKeySet();

  /** Last reading of a device, for freshness. */
  public record DeviceSeen(
      String deviceId,
      Instant lastReadingTime,
      Instant lastReceivedAt,
      Integer batteryPct,
      Integer rssiDbm) {}

  /**
   * Folds committed readings in; older readings (backfill) never replace newer values, and flagged
   * readings (see {@code org.yizhan.quality}) count as signs of life of their device but never as
   * values.
   */
  public void apply(List<Reading> readings) {
    Map<String, StationLive> byStation = new HashMap<>();
    for (Reading r : readings) {
      devices.merge(
          r.deviceId(),
          new DeviceSeen(r.deviceId(), r.time(), r.receivedAt(), r.batteryPct(), r.rssiDbm()),
          (a, b) -> b.lastReadingTime().isAfter(a.lastReadingTime()) ? b : a);
      if (!r.trusted()) {
        continue; // stored, and proof the device is alive, but never a live value
      }
      if (r.occupancy() == null && r.temperatureC() == null && r.humidityPct() == null) {
        continue;
      }
      StationLive delta =
          new StationLive(
              r.stationId(),
              r.occupancy() == null
                  ? null
                  : new Measured<>(r.occupancy(), r.deviceId(), r.time(), r.receivedAt()),
              r.temperatureC() == null
                  ? null
                  : new Measured<>(r.temperatureC(), r.deviceId(), r.time(), r.receivedAt()),
              r.humidityPct() == null
                  ? null
                  : new Measured<>(r.humidityPct(), r.deviceId(), r.time(), r.receivedAt()));
      byStation.merge(r.stationId(), delta, StationLive::merge);
    }
    for (Map.Entry<String, StationLive> e : byStation.entrySet()) {
      StationLive before = stations.get(e.getKey());
      StationLive after =
          stations.merge(e.getKey(), e.getValue(), (old, delta) -> old.merge(delta));
      if (!after.equals(before)) {
        changed.add(e.getKey());
      }
    }
  }

  public Optional<StationLive> find(String stationId) {
    return Optional.ofNullable(stations.get(stationId));
  }

  public Optional<DeviceSeen> findDevice(String deviceId) {
    return Optional.ofNullable(devices.get(deviceId));
  }

  /** Station ids changed since the last call, for pushing to live subscribers. */
  public Set<String> drainChanged() {
    if (changed.isEmpty()) {
      return Set.of();
    }
    Set<String> out = new java.util.HashSet<>();
    for (String id : changed) {
      if (changed.remove(id)) {
        out.add(id);
      }
    }
    return out;
  }

  public int size() {
    return stations.size();
  }
}
