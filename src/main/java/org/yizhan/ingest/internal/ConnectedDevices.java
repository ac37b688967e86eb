package org.yizhan.ingest.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The devices connected to this server, across all event loops, one connection per device. A second
 * connection that authenticates as the same device takes over: the first is closed without its will
 * (firmware contract section 2). The key is the device id (the MQTT username), not the client id,
 * so that no device can close another's connection by borrowing its client id.
 */
public final class ConnectedDevices {

  private final Map<String, DeviceConnection> byDevice = new ConcurrentHashMap<>();

  /** Makes {@code connection} its device's current one and closes the one it replaces. */
  void put(String deviceId, DeviceConnection connection) {
    DeviceConnection previous = byDevice.put(deviceId, connection);
    if (previous != null && previous != connection) {
      previous.takeOver();
    }
  }

  /**
   * Forgets a closed connection. Only if it was still its device's current one does {@code
   * lastWill} run (the device went away); a connection that was taken over leaves no trace. The
   * will runs while the device's entry is locked, so a new connection of the same device registers
   * only after it and its birth cannot be overwritten by the old connection's will.
   */
  void closed(String deviceId, DeviceConnection connection, Runnable lastWill) {
    byDevice.computeIfPresent(
        deviceId,
        (id, current) -> {
          if (current != connection) {
            return current;
          }
          lastWill.run();
          return null;
        });
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
