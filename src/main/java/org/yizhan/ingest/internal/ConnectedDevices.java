package org.yizhan.ingest.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices connected to this server, across all event loops. A second connection of the same
 * device replaces the first, as MQTT requires for a repeated client.
 */
public final class ConnectedDevices {

  private final Map<String, DeviceConnection> byDevice = new ConcurrentHashMap<>();

  void put(String deviceId, DeviceConnection connection) {
    DeviceConnection previous = byDevice.put(deviceId, connection);
    if (previous != null && previous != connection) {
      previous.takeOver();
    }
  }

  void remove(String deviceId, DeviceConnection connection) {
    byDevice.remove(deviceId, connection);
  }

  /** Ends the device's connection to this server, if it has one: its access was taken away. */
  public void revoke(String deviceId) {
    DeviceConnection c = byDevice.get(deviceId);
    if (c != null) {
      c.revoke();
    }
  }

  public Optional<DeviceConnection> find(String deviceId) {
    return Optional.ofNullable(byDevice.get(deviceId));
  }

  public int size() {
    return byDevice.size();
  }
}
