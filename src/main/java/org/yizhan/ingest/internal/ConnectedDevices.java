package org.yizhan.ingest.internal;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The devices connected to this server, across all event loops, one connection per device. A second
 * connection that authenticates as the same device takes over: the first is closed without its will
 * (firmware contract section 2). The key is the device id (the MQTT username), not the client id,
 * so that no device can close another's connection by borrowing its client id.
 *
 * <p>It holds at most {@link #capacity()} devices. Each connection is an open file, and the
 * process's open-files limit is shared with the HTTP API and the database pool: a storm of devices
 * that used them all up would leave the API unable to accept a request (seen with {@code
 * bench/run-connections.sh} at the limit). A CONNECT beyond the capacity is refused as "server
 * unavailable" / "server busy" and its socket closed, so the files stay free for the rest.
 */
public final class ConnectedDevices {

  private final Map<String, DeviceConnection> byDevice = new ConcurrentHashMap<>();
  private final int capacity;
  private final AtomicLong refusedForCapacity = new AtomicLong();

  /**
   * @param capacity the most devices held at once
   */
  public ConnectedDevices(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * The capacity for a setting: the setting when positive; otherwise the process's open-files limit
   * less {@code keptFree} (at least 1), or {@code Integer.MAX_VALUE} where the limit is unknown
   * (not a Unix JVM).
   */
  public static int capacityFor(int configured, int keptFree) {
    if (configured > 0) {
      return configured;
    }
    if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
      return fromFilesLimit(unix.getMaxFileDescriptorCount(), keptFree);
    }
    return Integer.MAX_VALUE;
  }

  static int fromFilesLimit(long maxFiles, int keptFree) {
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, maxFiles - keptFree));
  }

  /**
   * Whether a CONNECT naming {@code username} must be refused for lack of room: the endpoint is
   * full and the name is not of a device already connected (whose new connection replaces its old
   * one and takes no more room). Counts the refusal.
   */
  boolean refuseForCapacity(String username) {
    if (byDevice.size() < capacity || (username != null && byDevice.containsKey(username))) {
      return false;
    }
    refusedForCapacity.incrementAndGet();
    return true;
  }

  public int capacity() {
    return capacity;
  }

  /** CONNECTs refused because the endpoint held {@link #capacity()} devices. */
  public long refusedForCapacity() {
    return refusedForCapacity.get();
  }

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
