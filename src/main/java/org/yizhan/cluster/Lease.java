package org.yizhan.cluster;

/**
 * The rules of holding the duty lock, in monotonic nanoseconds and free of any database, so they
 * can be tested alone. An instance that has just taken the lock waits {@code graceNanos} before it
 * calls itself the owner: an earlier owner whose session ended (killed by the database, cut off)
 * may not have noticed yet, and it stops believing it owns the duties {@code validNanos} after the
 * last check that it sent and that found the lock still its own. With {@code graceNanos >=
 * validNanos} the two never believe it at once. Times are those at which the queries were sent,
 * never when their answers came back, since the lock is only known to be held when the query ran.
 *
 * <p>Not thread-safe: {@link DutyLock} calls it from its one thread, except {@link #owned(long)},
 * which reads fields it publishes through {@code volatile}.
 */
final class Lease {

  enum State {
    /** Does not hold the lock. */
    FOLLOWER,
    /** Holds the lock, waiting out the grace period before running duties. */
    WAITING,
    /** Holds the lock and runs the duties. */
    OWNER
  }

  private final long graceNanos;
  private final long validNanos;
  private volatile State state = State.FOLLOWER;
  private volatile long acquiredAt;
  private volatile long confirmedAt;

  /**
   * @param graceNanos how long a new holder waits before running duties
   * @param validNanos how long after its last successful check an owner still counts as one
   */
  Lease(long graceNanos, long validNanos) {
    if (graceNanos < validNanos) {
      throw new IllegalArgumentException(
          "the grace period must be at least the validity of a check, or two owners may overlap");
    }
    this.graceNanos = graceNanos;
    this.validNanos = validNanos;
  }

  State state() {
    return state;
  }

  boolean holding() {
    return state != State.FOLLOWER;
  }

  /** The lock was taken by a query sent at {@code sentAt}; true if the duties start now. */
  boolean acquired(long sentAt) {
    acquiredAt = sentAt;
    confirmedAt = sentAt;
    state = State.WAITING;
    return promote(sentAt);
  }

  /** A check sent at {@code sentAt} found the lock still held; true if the duties start now. */
  boolean confirmed(long sentAt) {
    if (state == State.FOLLOWER) {
      return false;
    }
    confirmedAt = sentAt;
    return promote(sentAt);
  }

  /** The lock is gone (or its connection); true if this instance was running the duties. */
  boolean lost() {
    boolean was = state == State.OWNER;
    state = State.FOLLOWER;
    return was;
  }

  /** Whether this instance runs the duties at {@code now}. */
  boolean owned(long now) {
    return state == State.OWNER && now - confirmedAt < validNanos;
  }

  private boolean promote(long now) {
    if (state == State.WAITING && now - acquiredAt >= graceNanos) {
      state = State.OWNER;
      return true;
    }
    return false;
  }
}
