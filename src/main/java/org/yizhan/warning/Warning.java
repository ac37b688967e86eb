package org.yizhan.warning;

import java.time.Instant;
import java.util.Locale;

/**
 * One stored warning.
 *
 * @param city the city as the station registry names it (a station's {@code city})
 * @param from when it takes effect
 * @param until when it expires as issued
 * @param endedAt when an admin ended it early, or {@code null}
 * @param feedId the feed's identifier for it (CAP identifier and area), {@code null} when manual
 * @param setBy the admin who set it, or {@code feed}
 */
public record Warning(
    long id,
    WarningKind kind,
    WarningLevel level,
    String city,
    Instant from,
    Instant until,
    Instant endedAt,
    WarningSource source,
    String feedId,
    String setBy,
    Instant createdAt) {

  /** Where a warning stands at an instant. */
  public enum State {
    IN_FORCE,
    UPCOMING,
    PAST;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** When it stops being in force: its expiry, or earlier if ended early. */
  public Instant end() {
    return endedAt != null && endedAt.isBefore(until) ? endedAt : until;
  }

  public State stateAt(Instant now) {
    if (!now.isBefore(end())) {
      return State.PAST;
    }
    return now.isBefore(from) ? State.UPCOMING : State.IN_FORCE;
  }

  public boolean inForceAt(Instant now) {
    return stateAt(now) == State.IN_FORCE;
  }
}
