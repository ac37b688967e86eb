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

  public Optional<DeviceConnection> find(String deviceId) {
    return Optional.ofNullable(byDevice.get(deviceId));
  }

  public int size() {
    return byDevice.size();
  }
}
