package org.yizhan.alert.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard to try before giving up on one message. Exponential backoff spreads retries out while a
 * receiver recovers; full jitter (a random delay between zero and the backoff) keeps many queued
 * messages, or several servers, from retrying in lock step and knocking it over again.
 *
 * @param initialDelay the backoff after the first failed attempt
 * @param factor how much the backoff grows after each further failure (at least 1)
 * @param maxDelay the largest backoff
 * @param maxAttempts attempts in all, the first one included, before recording {@code failed}
 * @param requestTimeout how long one attempt may take, connecting included
 * @param fullJitter whether each delay is drawn uniformly from zero to the backoff
 */
public record RetryPolicy(
    Duration initialDelay,
    double factor,
    Duration maxDelay,
    int maxAttempts,
    Duration requestTimeout,
    boolean fullJitter) {

  /** 2 s, doubling, up to 5 min, 8 attempts, 10 s per attempt, full jitter. */
  public static final RetryPolicy DEFAULT =
      new RetryPolicy(
          Duration.ofSeconds(2), 2.0, Duration.ofMinutes(5), 8, Duration.ofSeconds(10), true);

  public RetryPolicy {
    Objects.requireNonNull(initialDelay, "initialDelay");
    Objects.requireNonNull(maxDelay, "maxDelay");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
      throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay");
    }
    if (!(factor >= 1.0) || Double.isInfinite(factor)) {
      throw new IllegalArgumentException("factor must be at least 1");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
    if (requestTimeout.toMillis() < 1) {
      throw new IllegalArgumentException("requestTimeout must be at least 1 ms");
    }
  }

  /** The backoff cap after {@code failedAttempts} failures: initial × factor^(n-1), at most max. */
  public Duration backoff(int failedAttempts) {
    double ms = initialDelay.toMillis() * Math.pow(factor, Math.max(0, failedAttempts - 1));
    return Duration.ofMillis((long) Math.min(ms, maxDelay.toMillis()));
  }

  /**
   * The wait before the next attempt after {@code failedAttempts} failures.
   *
   * @param random01 a uniform random number in [0, 1), used only with full jitter
   */
  public Duration delay(int failedAttempts, double random01) {
    Duration cap = backoff(failedAttempts);
    return fullJitter ? Duration.ofMillis((long) (cap.toMillis() * random01)) : cap;
  }
}
