package org.yizhan.device;

import org.yizhan.telemetry.RejectReason;

/**
 * What a connecting device's credentials come to. Only a device that proves its secret learns that
 * it is disabled or that its station is closed; anybody else is told only that the credentials are
 * wrong.
 *
 * @param device the device, when accepted or refused for a reason other than its credentials
 */
public record DeviceLogin(Verdict verdict, Device device) {

  /** The outcomes, each with the refusal reason admins see. */
  public enum Verdict {
    ACCEPTED(null),
    /** No such device id (or none given). */
    UNKNOWN_DEVICE(RejectReason.UNKNOWN_DEVICE),
    /** The id exists but the secret does not match. */
    BAD_CREDENTIALS(RejectReason.BAD_CREDENTIALS),
    /** Right secret, but an admin disabled the device. */
    DISABLED(RejectReason.NOT_AUTHORIZED),
    /** Right secret, but the device's station is closed (or gone). */
    STATION_CLOSED(RejectReason.NOT_AUTHORIZED);

    private final RejectReason reason;

    Verdict(RejectReason reason) {
      this.reason = reason;
    }

    /** Why the connection was refused, as recorded; null when accepted. */
    public RejectReason reason() {
      return reason;
    }
  }

  public boolean accepted() {
    return verdict == Verdict.ACCEPTED;
  }

  /**
   * True when the credentials were right but the device may not connect now: MQTT's "not
   * authorized" rather than "bad user name or password".
   */
  public boolean notAuthorized() {
    return verdict == Verdict.DISABLED || verdict == Verdict.STATION_CLOSED;
  }

  /** The refusal as a short sentence for the rejection log. */
  public String detail() {
    return switch (verdict) {
      case ACCEPTED -> "accepted";
      case UNKNOWN_DEVICE, BAD_CREDENTIALS -> "connection refused";
      case DISABLED -> "connection refused: the device is disabled";
      case STATION_CLOSED -> "connection refused: the device's station is closed";
    };
  }
}
