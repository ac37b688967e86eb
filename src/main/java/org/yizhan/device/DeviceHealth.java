package org.yizhan.device;

import java.time.Instant;
import org.yizhan.live.DevicePresence;
import org.yizhan.live.LiveState;

/**
 * A device's health as its telemetry shows it, judged against its own expected reporting interval,
 * not against MQTT keep-alives: a device can keep its connection alive for hours while its sensor
 * sends nothing.
 *
 * <ul>
 *   <li>{@code never_seen}: provisioned, never stored a reading (connected or not);
 *   <li>{@code online}: last reading received within 1.5 intervals;
 *   <li>{@code late}: within 3 intervals;
 *   <li>{@code offline}: longer, or at once when its last will (or a dropped connection) came after
 *       its last reading;
 *   <li>{@code disabled}: switched off by an admin.
 * </ul>
 *
 * Freshness counts from when the server received the reading, not from the device's timestamp, so a
 * device with a wrong clock, or one backfilling old readings, is judged by whether it is talking
 * now. The difference between the two is reported as clock skew.
 */
public final class DeviceHealth {

  public static final double LATE_AFTER_INTERVALS = 1.5;
  public static final double OFFLINE_AFTER_INTERVALS = 3.0;

  /** The states, with the codes the API uses. */
  public enum State implements org.yizhan.json.Coded {
    ONLINE,
    LATE,
    OFFLINE,
    NEVER_SEEN,
    DISABLED;

    private final String code = name().toLowerCase(java.util.Locale.ROOT);

    @Override
    public String code() {
      return code;
    }

    public static java.util.Optional<State> findByCode(String code) {
      return org.yizhan.json.Coded.find(State.class, code);
    }
  }

  private DeviceHealth() {}

  /**
   * Judges one device.
   *
   * @param seen its newest stored reading's times, or null if none
   * @param presence what its connection last declared, or null if nothing
   */
  public static State judge(
      Device d, LiveState.DeviceSeen seen, DevicePresence.Presence presence, Instant now) {
    if (!d.isEnabled()) {
      return State.DISABLED;
    }
    if (seen == null) {
      return State.NEVER_SEEN;
    }
    long received = seen.lastReceivedAt().toEpochMilli();
    if (presence != null && !presence.online() && presence.since().toEpochMilli() >= received) {
      return State.OFFLINE; // it said goodbye (or its will did) after its last reading
    }
    return byAge(now.toEpochMilli() - received, d.expectedIntervalS());
  }

  /** The state for a last reading {@code ageMs} old, for a device reporting every interval. */
  public static State byAge(long ageMs, int expectedIntervalS) {
    long intervalMs = Math.max(1, expectedIntervalS) * 1000L;
    if (ageMs <= (long) (LATE_AFTER_INTERVALS * intervalMs)) {
      return State.ONLINE;
    }
    return ageMs <= (long) (OFFLINE_AFTER_INTERVALS * intervalMs) ? State.LATE : State.OFFLINE;
  }

  /**
   * How far the device's clock was off for its newest reading, in seconds (positive: behind the
   * server). Only meaningful for a reading sent live, not for a backfilled one.
   */
  public static long clockSkewSeconds(LiveState.DeviceSeen seen) {
    return Math.round(
        (seen.lastReceivedAt().toEpochMilli() - seen.lastReadingTime().toEpochMilli()) / 1000.0);
  }
}
