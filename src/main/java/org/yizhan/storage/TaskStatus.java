package org.yizhan.storage;

import java.time.Duration;
import java.time.Instant;

/**
 * Where one maintenance task stands.
 *
 * @param watchedSince when the server began watching it (its start): a task that has never
 *     succeeded is late two intervals after that
 * @param lastSuccess when it last succeeded; null if never since the start
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
    Instant since = lastSuccess != null ? lastSuccess : watchedSince;
    return since.plus(every.multipliedBy(2)).isBefore(now);
  }

  TaskStatus succeeded(Instant at) {
    return new TaskStatus(name, every, watchedSince, at, lastFailure, lastError);
  }

  TaskStatus failed(Instant at, String error) {
    return new TaskStatus(name, every, watchedSince, lastSuccess, at, error);
  }
}
