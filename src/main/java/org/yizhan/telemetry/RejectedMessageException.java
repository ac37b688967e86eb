package org.yizhan.telemetry;

/** A device message refused for a {@link RejectReason}, with a detail safe to show admins. */
public final class RejectedMessageException extends Exception {

  private final RejectReason reason;

  public RejectedMessageException(RejectReason reason, String detail) {
    super(detail, null, false, false);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
