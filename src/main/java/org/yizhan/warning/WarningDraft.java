package org.yizhan.warning;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.yizhan.error.Violation;

/**
 * A warning as an admin or the feed asks to set it, before it is stored. {@link #violations} says
 * what may not be set; the city is checked against the registry separately ({@link CityNames}).
 */
public record WarningDraft(
    WarningKind kind, WarningLevel level, String city, Instant from, Instant until) {

  /**
   * The longest period accepted. The service issues heat and cold-wave warnings for the next one to
   * three days and renews them; ten days leaves room for a long heat wave issued at once, and
   * refuses a typo in the year.
   */
  public static final Duration MAX_PERIOD = Duration.ofDays(10);

  /** What is wrong with the level and the period, naming the fields of the admin API. */
  public List<Violation> violations() {
    List<Violation> out = new ArrayList<>();
    if (level != null && kind != null && level.compareTo(WarningLevel.lowestFor(kind)) < 0) {
      out.add(
          Violation.of(
              "level",
              kind.code()
                  + " warnings start at "
                  + WarningLevel.lowestFor(kind).code()
                  + " (no "
                  + level.code()
                  + " "
                  + kind.code()
                  + " warning is issued)"));
    }
    if (from != null && until != null) {
      if (!until.isAfter(from)) {
        out.add(Violation.of("until", "must be after from"));
      } else if (Duration.between(from, until).compareTo(MAX_PERIOD) > 0) {
        out.add(
            Violation.of("until", "must be at most " + MAX_PERIOD.toDays() + " days after from"));
      }
    }
    return out;
  }
}
