package org.yizhan.warning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The warnings that are in force or upcoming, held in memory for the public reads: one immutable
 * list in a {@code volatile} field, replaced whole after each change and on each periodic reload
 * (which also drops the expired ones). Readers never lock and judge "in force" against their own
 * clock, so a warning starts and ends on time between reloads.
 */
public final class WarningBook {

  /** Most severe first, then the one that started earlier. */
  static final Comparator<Warning> SEVERITY =
      Comparator.comparing(Warning::level).reversed().thenComparing(Warning::from);

  private volatile List<Warning> current = List.of();

  /** Replaces the held warnings (those not yet past). */
  public void replace(List<Warning> notPast) {
    current = List.copyOf(notPast);
  }

  /** The warnings in force for a city at {@code now}, most severe first. */
  public List<Warning> inForce(String city, Instant now) {
    if (city == null) {
      return List.of();
    }
    List<Warning> out = new ArrayList<>(2);
    for (Warning w : current) {
      if (w.city().equals(city) && w.inForceAt(now)) {
        out.add(w);
      }
    }
    out.sort(SEVERITY);
    return out;
  }

  /** The most severe warning in force for a city, if any. */
  public Optional<Warning> findLeading(String city, Instant now) {
    List<Warning> all = inForce(city, now);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /** Everything held (in force and upcoming as of the last reload). */
  public List<Warning> list() {
    return current;
  }
}
