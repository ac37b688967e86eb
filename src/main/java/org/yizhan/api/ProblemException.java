package org.yizhan.api;

import java.util.List;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;

/**
 * A failure as the HTTP edge answers it: thrown by {@code api/} itself and made there from a {@link
 * DomainException}, then written once as an RFC 9457 {@code application/problem+json} body. Domain
 * packages throw {@link DomainException} instead. The message never contains secrets.
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
    return new ProblemException(
        ErrorCode.INVALID_REQUEST, DomainException.InvalidInput.summary(violations), violations);
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
