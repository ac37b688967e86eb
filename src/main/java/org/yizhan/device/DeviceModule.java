package org.yizhan.device;

import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.yizhan.device.internal.DeviceRepository;
import org.yizhan.live.DevicePresence;
import org.yizhan.live.LiveState;
import org.yizhan.station.StationRegistry;

/**
 * The device feature as the server starts it: the registry of provisioned devices (kept in step
 * with the stations they report for) and their stored configurations. The fleet watch, which judges
 * each device's health from live state, is made by {@link #watchFleet} once live state exists, and
 * started by whoever attaches to its sweeps, so that no sweep goes unheard.
 */
public final class DeviceModule {

  private final DeviceRegistry registry;
  private final DeviceConfigs configs;

  private DeviceModule(DeviceRegistry registry, DeviceConfigs configs) {
    this.registry = registry;
    this.configs = configs;
  }

  /**
   * Loads devices and configurations; a device's station is checked against the registry, and a
   * station's change (closed, deleted) reaches its devices.
   */
  public static DeviceModule open(DataSource ds, StationRegistry stations) throws SQLException {
    DeviceRegistry devices = DeviceRegistry.load(new DeviceRepository(ds));
    devices.checkStationsWith(id -> stations.snapshot().find(id));
    stations.onChange(devices::stationsChanged);
    return new DeviceModule(devices, DeviceConfigs.load(ds));
  }

  /** A fleet watch over these devices, not started: start it after attaching to its sweeps. */
  public FleetWatch watchFleet(LiveState live, DevicePresence presence) {
    return new FleetWatch(registry::list, live, presence, Instant::now);
  }

  /** A device's reporting interval in seconds, by device id (60 when unknown). */
  public int expectedIntervalS(String deviceId) {
    return registry.find(deviceId).map(Device::expectedIntervalS).orElse(60);
  }

  public DeviceRegistry registry() {
    return registry;
  }

  public DeviceConfigs configs() {
    return configs;
  }
}
