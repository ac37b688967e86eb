package org.yizhan.fuzz;

import org.yizhan.api.ErrorCode;
import org.yizhan.api.ProblemException;
import org.yizhan.error.DomainException;
import org.yizhan.telemetry.RejectedMessageException;

/** What a well-formed refusal looks like, for each kind the fuzz targets expect. */
final class Refusals {

  /** Longest detail a device refusal may carry (it is stored and shown to admins). */
  static final int MAX_DETAIL_CHARS = 300;

  private Refusals() {}

  /** A device message refusal: a reason and a short detail without control characters. */
  static void check(RejectedMessageException e) {
    if (e.reason() == null) {
      throw new AssertionError("refusal without a reason: " + e.getMessage());
    }
    String detail = e.getMessage();
    if (detail == null || detail.length() > MAX_DETAIL_CHARS) {
      throw new AssertionError("refusal detail missing or too long: " + detail);
    }
  }

  /** A domain refusal of invalid input names at least one violation. */
  static void check(DomainException.InvalidInput e) {
    if (e.violations().isEmpty()) {
      throw new AssertionError("invalid input without violations: " + e.getMessage());
    }
  }

  /** A client error naming what is wrong: a 4xx code and at least one violation. */
  static void check(ProblemException e) {
    if (e.code() == ErrorCode.INTERNAL || e.code().httpStatus() >= 500) {
      throw new AssertionError("server error instead of a refusal: " + e.getMessage());
    }
    if (e.code() == ErrorCode.INVALID_REQUEST && e.violations().isEmpty()) {
      throw new AssertionError("invalid request without violations: " + e.getMessage());
    }
  }
}
