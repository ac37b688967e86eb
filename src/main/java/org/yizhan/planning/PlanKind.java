package org.yizhan.planning;

import java.util.Locale;
import java.util.Optional;

/** What a planning run computes. */
public enum PlanKind {
  /** Coverage of a demand set by the network (with a what-if). */
  COVERAGE,
  /** Maximal covering: k new sites maximising newly covered demand. */
  MCLP,
  /** Set covering: the fewest new sites reaching a target coverage share. */
  LSCP,
  /** p-median: k new sites minimising total weighted distance to the nearest station. */
  P_MEDIAN;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<PlanKind> findByCode(String code) {
    for (PlanKind k : values()) {
      if (k.code().equals(code)) {
        return Optional.of(k);
      }
    }
    return Optional.empty();
  }

  /** Whether it proposes new sites (and so needs candidates). */
  public boolean sites() {
    return this != COVERAGE;
  }
}
