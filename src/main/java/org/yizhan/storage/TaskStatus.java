package org.yizhan.storage;

import java.time.Duration;
import java.time.Instant;

/**
 * Where one maintenance task stands.
 *
 * @param every its interval as last asked (a TimescaleDB job's schedule may change)
 * @param watchedSince when the server began watching it (its start): a task that has never
 *     succeeded is late two intervals after that
 * @param lastSuccess when its work last succeeded (by the server's hand, or, for a TimescaleDB job,
 *     by the job's own); null if never since the start
 * @param lastFailure when it last failed; null if never since the start
 * @param lastError the last failure's message, or null
 */
public record TaskStatus(
    String name,
    Duration every,
    Instant watchedSince,
    Instant lastSuccess,
    Instant lastFailure,
    String lastError) {

  /** Late: no success within two of its intervals. */
  public boolean late(Instant now) {
    return lateSince().isBefore(now);
  }

  /** When it is (or becomes) late, if it does not succeed before. */
  public Instant lateSince() {
    Instant since = lastSuccess != null ? lastSuccess : watchedSince;
    return since.plus(every.multipliedBy(2));
  }

  /** Whether its last attempt failed (it failed after its last success). */
  public boolean failing() {
    return lastFailure != null && (lastSuccess == null || lastFailure.isAfter(lastSuccess));
  }

  /** Succeeded at {@code at}; an earlier time than one already known keeps the later. */
  TaskStatus succeeded(Instant at, Duration every) {
    Instant last = lastSuccess != null && lastSuccess.isAfter(at) ? lastSuccess : at;
    return new TaskStatus(name, every, watchedSince, last, lastFailure, lastError);
  }

  TaskStatus failed(Instant at, Duration every, String error) {
    return new TaskStatus(name, every, watchedSince, lastSuccess, at, error);
  }
}
