package org.yizhan.live;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Online/offline as devices declare it: a birth message says online, a last will (or a dropped
 * connection without a clean goodbye) says offline at once.
 */
public final class DevicePresence {

  /** A device's declared state and since when. */
  public record Presence(
      String deviceId, boolean online, Instant since, String reason, String firmware) {}

  private final Map<String, Presence> byDevice = new ConcurrentHashMap<>();

  public void online(String deviceId, Instant at, String firmware) {
    byDevice.put(deviceId, new Presence(deviceId, true, at, "birth", firmware));
  }

  public void offline(String deviceId, Instant at, String reason) {
    byDevice.compute(
        deviceId,
        (id, old) -> new Presence(id, false, at, reason, old == null ? null : old.firmware()));
  }

  /**
   * The connection ended. A device that already said why it went offline (sleep, shutdown, low
   * battery) keeps that reason; otherwise it is offline for {@code reason}.
   */
  public void connectionClosed(String deviceId, Instant at, String reason) {
    byDevice.compute(
        deviceId,
        (id, old) ->
            old != null && !old.online()
                ? old
                : new Presence(id, false, at, reason, old == null ? null : old.firmware()));
  }

  public Optional<Presence> find(String deviceId) {
    return Optional.ofNullable(byDevice.get(deviceId));
  }
}
