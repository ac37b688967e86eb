package org.yizhan.device;

import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;
import org.yizhan.config.MqttConfig;
import org.yizhan.device.dynsec.BrokerAccounts;
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
  private final DataSource ds;
  private final String instance;
  private final StationRegistry stations;

  private DeviceModule(
      DeviceRegistry registry,
      DeviceConfigs configs,
      DataSource ds,
      String instance,
      StationRegistry stations) {
    this.registry = registry;
    this.configs = configs;
    this.ds = ds;
    this.instance = instance;
    this.stations = stations;
  }

  /**
   * Loads devices and configurations; a device's station is checked against the registry, and a
   * station's change (closed, deleted) reaches its devices.
   */
  public static DeviceModule open(DataSource ds, StationRegistry stations) throws SQLException {
    DeviceRepository repository = new DeviceRepository(ds);
    DeviceRegistry devices = DeviceRegistry.load(repository);
    devices.checkStationsWith(id -> stations.snapshot().find(id));
    stations.onChange(devices::stationsChanged);
    return new DeviceModule(devices, DeviceConfigs.load(ds), ds, repository.instance(), stations);
  }

  /**
   * Broker mode: hears the device changes made through other instances (disabled, new secret,
   * provisioned) and applies them to this instance's registry. Close it to stop listening.
   */
  public DeviceChanges shareChanges() {
    DeviceChanges changes = new DeviceChanges(ds, registry, instance);
    changes.start();
    return changes;
  }

  /**
   * Broker mode with Mosquitto's dynamic security plugin: keeps the broker's device clients in step
   * with this registry. Close it to stop.
   */
  public BrokerAccounts keepBrokerAccounts(io.vertx.core.Vertx vertx, MqttConfig mqtt)
      throws Exception {
    BrokerAccounts accounts = BrokerAccounts.start(vertx, mqtt, registry);
    // Only the changes made here: the instance that made a change brings it to the broker.
    stations.onOwnChange(accounts::stationsChanged);
    return accounts;
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
