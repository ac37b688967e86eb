package org.yizhan.error;

import java.util.List;

/**
 * What a domain service refuses, said in the domain's words: invalid input, a missing or already
 * existing thing, a changed version, too many attempts, bad credentials, storage briefly
 * unavailable. Domain packages throw these and never pick an HTTP status; {@code api/} maps each
 * kind once to a problem+json answer. The message is the detail shown to the client and never holds
 * a secret.
 */
public abstract sealed class DomainException extends RuntimeException
    permits DomainException.InvalidInput,
        DomainException.NotFound,
        DomainException.AlreadyExists,
        DomainException.VersionMismatch,
        DomainException.TooManyAttempts,
        DomainException.BadCredentials,
        DomainException.Unavailable {

  private final long retryAfterSeconds;

  private DomainException(String detail, long retryAfterSeconds) {
    super(detail, null, false, false);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds after which trying again may succeed, or 0 when waiting does not help. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /** The input breaks rules; every broken rule is named by its field (and import row). */
  public static final class InvalidInput extends DomainException {
    private final List<Violation> violations;

    public InvalidInput(String detail, List<Violation> violations) {
      super(detail, 0);
      this.violations = List.copyOf(violations);
    }

    /** A single invalid field. */
    public static InvalidInput of(String field, String reason) {
      return of(List.of(Violation.of(field, reason)));
    }

    /** Several invalid fields (or import rows); the detail names the first. */
    public static InvalidInput of(List<Violation> violations) {
      return new InvalidInput(summary(violations), violations);
    }

    /** "Invalid f: r" for one violation, "n problems, first f: r" for several. */
    public static String summary(List<Violation> violations) {
      Violation first = violations.get(0);
      String where = first.row() == null ? "" : "row " + first.row() + ": ";
      return violations.size() == 1
          ? "Invalid " + where + first.field() + ": " + first.reason()
          : violations.size() + " problems, first " + where + first.field() + ": " + first.reason();
    }

    public List<Violation> violations() {
      return violations;
    }
  }

  /** No {@code what} with this id. */
  public static final class NotFound extends DomainException {
    public NotFound(String what, String id) {
      super("No " + what + " with id '" + id + "'", 0);
    }
  }

  /** A thing with the id asked for exists already. */
  public static final class AlreadyExists extends DomainException {
    public AlreadyExists(String what, String id) {
      super("A " + what + " with id '" + id + "' already exists", 0);
    }
  }

  /** The thing changed since the caller read it (optimistic concurrency). */
  public static final class VersionMismatch extends DomainException {
    public VersionMismatch(String detail) {
      super(detail, 0);
    }
  }

  /** Too many attempts in a short time; try again after {@link #retryAfterSeconds()}. */
  public static final class TooManyAttempts extends DomainException {
    public TooManyAttempts(String detail, long retryAfterSeconds) {
      super(detail, retryAfterSeconds);
    }
  }

  /** A name and password that do not let anyone in (which of the two is wrong is not said). */
  public static final class BadCredentials extends DomainException {
    public BadCredentials(String detail) {
      super(detail, 0);
    }
  }

  /** Storage failed for a reason not the caller's; worth retrying after a while. */
  public static final class Unavailable extends DomainException {
    public Unavailable(String detail, long retryAfterSeconds) {
      super(detail, retryAfterSeconds);
    }
  }
}
