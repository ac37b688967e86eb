package org.yizhan.tools.sim;

/**
 * How full a rest station is through the day, in China time (UTC+8 all year, no daylight saving):
 * nearly empty at night, a small bump when the early shift starts, the lunch peak (about
 * 11:30-13:30) and the evening peak (17:30-19:30), then empty again. Drivers' homes and service-
 * area stations also fill at night, when drivers sleep. Very hot and very cold days bring more
 * people in.
 */
final class DailyCurve {

  static final long HOUR_MS = 3_600_000L;
  static final long DAY_MS = 24 * HOUR_MS;

  /** China Standard Time is UTC+8 everywhere in the country. */
  static final long CHINA_OFFSET_MS = 8 * HOUR_MS;

  private DailyCurve() {}

  /** Local hour of day in China, 0 (inclusive) to 24 (exclusive). */
  static double localHour(long epochMs) {
    return Math.floorMod(epochMs + CHINA_OFFSET_MS, DAY_MS) / (double) HOUR_MS;
  }

  /** Local day of week in China, Monday = 0 ... Sunday = 6. */
  static int localDayOfWeek(long epochMs) {
    long day = Math.floorDiv(epochMs + CHINA_OFFSET_MS, DAY_MS);
    return (int) Math.floorMod(day + 3, 7); // 1970-01-01 was a Thursday
  }

  /**
   * Mean share of the seats taken at a local hour, before weather and station popularity.
   *
   * @param hour local hour, 0 to 24
   * @param busyAtNight drivers' homes and the like, which fill up at night too
   */
  static double share(double hour, boolean busyAtNight) {
    double s = busyAtNight ? 0.14 : 0.02;
    s += 0.22 * rise(hour, 7.0, 0.6) * (1 - rise(hour, 21.0, 0.7));
    s += 0.10 * bump(hour, 8.0, 0.8);
    s += 0.60 * bump(hour, 12.5, 0.75);
    s += 0.52 * bump(hour, 18.5, 0.8);
    if (busyAtNight) {
      s += 0.22 * bump(hour, 1.5, 2.2);
    }
    return Math.min(1.0, s);
  }

  /** Weekends are quieter, except where drivers rest. */
  static double dayFactor(int dayOfWeek, boolean busyAtNight) {
    return dayOfWeek >= 5 && !busyAtNight ? 0.85 : 1.0;
  }

  /** More people come in on very hot or very cold days; 1.0 on mild ones, at most 1.6. */
  static double weatherFactor(double outdoorC) {
    double f = 1.0;
    if (outdoorC > 28) {
      f += 0.04 * (outdoorC - 28);
    } else if (outdoorC < -2) {
      f += 0.03 * (-2 - outdoorC);
    }
    return Math.min(1.6, f);
  }

  /** A Gaussian bump around {@code centre} on the 24-hour circle, 1.0 at the centre. */
  static double bump(double hour, double centre, double sigma) {
    double d = Math.abs(hour - centre);
    d = Math.min(d, 24 - d);
    return Math.exp(-d * d / (2 * sigma * sigma));
  }

  private static double rise(double hour, double at, double width) {
    return 1 / (1 + Math.exp(-(hour - at) / width));
  }
}
