package org.yizhan.device;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.yizhan.station.Station;

/** The health map: stations with devices, each with its worst device health. */
public record FleetStations(Instant asOf, List<StationHealth> stations) {

  /** A station, the worst health among its devices and the number of devices in each state. */
  public record StationHealth(
      Station station, DeviceHealth.State worst, Map<DeviceHealth.State, Integer> counts) {}
}
