package org.yizhan.arrival;

import java.time.Instant;
import org.yizhan.station.hours.OpeningHours;

/**
 * The prediction: the typical occupancy at the arrival's time of the week, moved by how far the
 * station is from its typical value now, that difference fading with the minutes ahead:
 *
 * <pre>
 *   occupancy(t) = typical(t) + (current - typical(now)) * (persist + (1 - persist) * exp(-m / tauMin))
 * </pre>
 *
 * clamped to {@code [0, capacity]}; free seats are capacity minus that. {@code typical} is read
 * between the centres of the two nearest hours of the week, so a lunch peak's rise shows within the
 * hour. Without a current value (none, or stale) the typical value stands alone. The constants were
 * fitted on the simulator's training weeks (bench/run-arrival.sh), never on its held-out week.
 * Pure, so that it is tested without a server.
 */
public final class Forecast {

  /** Weeks of history read. */
  public static final int WINDOW_WEEKS = 4;

  /** A prediction needs this many of the last {@link #WINDOW_WEEKS} with data for its hour. */
  public static final int MIN_WEEKS = 3;

  /**
   * The method's constants.
   *
   * @param persist share of today's departure from the typical week that lasts (weather, a busy
   *     day)
   * @param tauMin minutes over which the rest of it fades (people coming and going)
   * @param z half-width of the interval in standard deviations
   */
  public record Params(double persist, double tauMin, double z) {}

  /** As fitted on the simulator's training weeks (docs/benchmarks.md). */
  public static final Params FITTED = new Params(0.1, 10, 1.1);

  private Forecast() {}

  /**
   * @param profile the station's typical week, {@code null} without history
   * @param current the current occupancy, NaN when there is none that is fresh
   */
  public static Prediction predict(
      WeekProfile profile, int capacity, double current, Instant now, int minutesAhead) {
    return predict(profile, capacity, current, now, minutesAhead, FITTED);
  }

  /** As {@link #predict(WeekProfile, int, double, Instant, int)} with other constants. */
  public static Prediction predict(
      WeekProfile profile, int capacity, double current, Instant now, int minutesAhead, Params k) {
    Instant arrival = now.plusSeconds(60L * minutesAhead);
    long t = arrival.getEpochSecond();
    int cell = OpeningHours.hourOfWeek(t);
    int weeks = profile == null ? 0 : profile.weeks(cell);
    if (weeks < MIN_WEEKS) {
      return Prediction.insufficient(arrival, minutesAhead, weeks);
    }
    double occupancy = typicalAt(profile, t);
    double carried = 0;
    if (!Double.isNaN(current)) {
      double typicalNow = typicalAt(profile, now.getEpochSecond());
      if (!Double.isNaN(typicalNow)) {
        carried = carried(minutesAhead, k);
        occupancy += (current - typicalNow) * carried;
      }
    }
    occupancy = Math.max(0, Math.min(capacity, occupancy));
    double free = capacity - occupancy;
    double sigma = Double.isNaN(profile.sigma()) ? 0 : profile.sigma();
    double half = k.z() * sigma * Math.sqrt(1 - carried * carried);
    int seats = (int) Math.round(free);
    int low = (int) Math.max(0, Math.min(seats, Math.floor(free - half)));
    int high = (int) Math.min(capacity, Math.max(seats, Math.ceil(free + half)));
    return new Prediction(
        arrival,
        minutesAhead,
        Prediction.Status.PREDICTED,
        seats,
        low,
        high,
        confidence(half, capacity),
        weeks,
        carried > 0);
  }

  /** How much of the current departure from the typical value is left after {@code m} minutes. */
  static double carried(double minutes, Params k) {
    return k.persist() + (1 - k.persist()) * Math.exp(-minutes / k.tauMin());
  }

  /**
   * The typical occupancy at an instant: between the two nearest hours' means, by distance to their
   * centres; the instant's own hour alone when the other lacks history. NaN without either.
   */
  public static double typicalAt(WeekProfile p, long epochSecond) {
    int cell = OpeningHours.hourOfWeek(epochSecond);
    double own = p.weeks(cell) >= MIN_WEEKS ? p.typical(cell) : Double.NaN;
    if (Double.isNaN(own)) {
      return Double.NaN;
    }
    double frac = Math.floorMod(epochSecond, 3600L) / 3600.0;
    int other =
        frac >= 0.5
            ? (cell + 1) % WeekProfile.HOURS
            : (cell + WeekProfile.HOURS - 1) % WeekProfile.HOURS;
    double w = Math.abs(frac - 0.5);
    double neighbour = p.weeks(other) >= MIN_WEEKS ? p.typical(other) : Double.NaN;
    return Double.isNaN(neighbour) ? own : own * (1 - w) + neighbour * w;
  }

  /** High when the interval is within a seat either way, medium within a fifth of the seats. */
  static Prediction.Confidence confidence(double halfWidth, int capacity) {
    if (halfWidth <= 1) {
      return Prediction.Confidence.HIGH;
    }
    if (halfWidth <= Math.max(2, 0.2 * capacity)) {
      return Prediction.Confidence.MEDIUM;
    }
    return Prediction.Confidence.LOW;
  }
}
