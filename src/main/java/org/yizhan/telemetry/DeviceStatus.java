package org.yizhan.telemetry;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A message from a device's status topic: its birth, a graceful offline notice, or its last will.
 * Absent fields are {@code null}.
 *
 * @param ts when the device sent it, by its clock; absent in the last will
 * @param firmware firmware version ({@code fw}), always present in a birth
 * @param intervalS reporting interval in seconds, always present in a birth
 * @param configVersion version of the configuration the device has applied
 * @param reason why the device went offline; present exactly when {@code state} is offline
 * @param receivedAt when the server received it
 */
public record DeviceStatus(
    State state,
    Instant ts,
    String firmware,
    Integer intervalS,
    Long configVersion,
    OfflineReason reason,
    Instant receivedAt) {

  /** The {@code state} field. */
  public enum State {
    ONLINE,
    OFFLINE;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The {@code reason} field of an offline message. */
  public enum OfflineReason {
    /** The last will: the server saw the connection drop without a DISCONNECT. */
    LWT,
    /** Planned sleep; the device will be back. */
    SLEEP,
    /** Switched off or rebooting on purpose. */
    SHUTDOWN,
    /** Switching off to protect the battery. */
    LOW_BATTERY;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public DeviceStatus {
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /** Whether this is the last will, i.e. the device vanished rather than said goodbye. */
  public boolean isLastWill() {
    return reason == OfflineReason.LWT;
  }
}
