package org.yizhan.planning.use;

import org.yizhan.error.DomainException;

/**
 * What counts as full, overloaded and under-used.
 *
 * @param fullShare an hour is full when its mean occupancy is at least this share of the capacity
 *     (default 0.9: a worker arriving then finds at most one seat in ten)
 * @param overloadedShare a station is overloaded when at least this share of its open hours with
 *     data were full (default 0.25)
 * @param underusedShare a station is under-used when its mean occupancy while open is below this
 *     share of its capacity (default 0.1)
 * @param minOpenHours a station is judged overloaded or under-used only with at least this many
 *     open hours with data (default 24), so one quiet morning does not condemn it
 */
public record UseRules(
    double fullShare, double overloadedShare, double underusedShare, int minOpenHours) {

  public static final UseRules DEFAULTS = new UseRules(0.9, 0.25, 0.1, 24);

  public UseRules {
    share("full_share", fullShare);
    share("overloaded_share", overloadedShare);
    share("underused_share", underusedShare);
    if (minOpenHours < 1) {
      throw DomainException.InvalidInput.of("min_open_hours", "must be at least 1");
    }
  }

  private static void share(String field, double v) {
    if (!(v > 0 && v <= 1)) {
      throw DomainException.InvalidInput.of(field, "must be a share above 0 and at most 1");
    }
  }
}
