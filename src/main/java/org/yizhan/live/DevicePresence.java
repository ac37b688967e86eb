package org.yizhan.live;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Online/offline as devices declare it: a birth message says online, a last will (or a dropped
 * connection without a clean goodbye) says offline at once.
 *
 * <p>In broker mode the broker hands each status message to one instance; what a device declares
 * there is passed on ({@link #onDeclared}) and taken in by the others ({@link #heard}), so every
 * instance holds the same presence.
 */
public final class DevicePresence {

  /** A device's declared state and since when. */
  public record Presence(
      String deviceId, boolean online, Instant since, String reason, String firmware) {}

  private final Map<String, Presence> byDevice = new ConcurrentHashMap<>();
  private final List<Consumer<Presence>> declared = new CopyOnWriteArrayList<>();

  /**
   * Told, on the calling thread, of each state a device declares to this instance in a status
   * message (online, offline); not of closed connections nor of states {@link #heard} from others.
   */
  public void onDeclared(Consumer<Presence> listener) {
    declared.add(listener);
  }

  public void online(String deviceId, Instant at, String firmware) {
    Presence p = new Presence(deviceId, true, at, "birth", firmware);
    byDevice.put(deviceId, p);
    tell(p);
  }

  public void offline(String deviceId, Instant at, String reason) {
    tell(
        byDevice.compute(
            deviceId,
            (id, old) -> new Presence(id, false, at, reason, old == null ? null : old.firmware())));
  }

  /**
   * A state another instance was told (broker mode): taken unless this instance already holds a
   * later one, since two instances' announcements may cross. A firmware it did not know is kept.
   */
  public void heard(Presence p) {
    byDevice.merge(
        p.deviceId(),
        p,
        (old, now) ->
            now.since().isBefore(old.since())
                ? old
                : new Presence(
                    now.deviceId(),
                    now.online(),
                    now.since(),
                    now.reason(),
                    now.firmware() != null ? now.firmware() : old.firmware()));
  }

  private void tell(Presence p) {
    for (Consumer<Presence> l : declared) {
      l.accept(p);
    }
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
