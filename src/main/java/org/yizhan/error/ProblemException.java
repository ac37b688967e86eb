package org.yizhan.error;

import java.util.List;

/**
 * The one exception type for failures a client should see. It is mapped once, at the HTTP edge, to
 * an RFC 9457 {@code application/problem+json} body; the message never contains secrets.
 */
public final class ProblemException extends RuntimeException {

  private final ErrorCode code;
  private final List<Violation> violations;
  private long retryAfterSeconds;

  public ProblemException(ErrorCode code, String detail, List<Violation> violations) {
    super(detail, null, false, false);
    this.code = code;
    this.violations = List.copyOf(violations);
  }

  public ProblemException(ErrorCode code, String detail) {
    this(code, detail, List.of());
  }

  /** A single invalid field. */
  public static ProblemException invalid(String field, String reason) {
    return new ProblemException(
        ErrorCode.INVALID_REQUEST,
        "Invalid " + field + ": " + reason,
        List.of(Violation.of(field, reason)));
  }

  /** Several invalid fields (or import rows); the detail names the first. */
  public static ProblemException invalid(List<Violation> violations) {
    Violation first = violations.get(0);
    String where = first.row() == null ? "" : "row " + first.row() + ": ";
    String detail =
        violations.size() == 1
            ? "Invalid " + where + first.field() + ": " + first.reason()
            : violations.size()
                + " problems, first "
                + where
                + first.field()
                + ": "
                + first.reason();
    return new ProblemException(ErrorCode.INVALID_REQUEST, detail, violations);
  }

  public static ProblemException notFound(String what, String id) {
    return new ProblemException(ErrorCode.NOT_FOUND, "No " + what + " with id '" + id + "'");
  }

  /** Asks the client to wait before retrying (sent as {@code Retry-After}). */
  public ProblemException withRetryAfter(long seconds) {
    this.retryAfterSeconds = seconds;
    return this;
  }

  /** Seconds to send in {@code Retry-After}, or 0 for none. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  public ErrorCode code() {
    return code;
  }

  public List<Violation> violations() {
    return violations;
  }
}
