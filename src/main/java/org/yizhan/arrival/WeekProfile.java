package org.yizhan.arrival;

/**
 * One station's typical week: the mean occupancy of each hour of the week (Monday 00:00-01:00 China
 * time is hour 0) over the last weeks, how many of those weeks had data for it, and how far single
 * weeks strayed from the mean. Compact: a national network (186,100 stations) is 31 million cells,
 * so a cell is a {@code short} (tenths of a person) and a {@code byte}, never an object.
 */
public final class WeekProfile {

  /** Hours in a week. */
  public static final int HOURS = 7 * 24;

  private static final short NONE = Short.MIN_VALUE;

  private final short[] typicalTenths;
  private final byte[] weeks;
  private final float sigma;

  WeekProfile(short[] typicalTenths, byte[] weeks, float sigma) {
    this.typicalTenths = typicalTenths;
    this.weeks = weeks;
    this.sigma = sigma;
  }

  /** The mean occupancy of an hour of the week, NaN when no week had data for it. */
  public double typical(int hourOfWeek) {
    short t = typicalTenths[hourOfWeek];
    return t == NONE ? Double.NaN : t / 10.0;
  }

  /** How many of the weeks read had data for an hour of the week. */
  public int weeks(int hourOfWeek) {
    return weeks[hourOfWeek];
  }

  /**
   * The standard deviation of one week's hourly mean around its hour's typical value, pooled over
   * the station's hours: what the typical week cannot know (weather, chance).
   */
  public double sigma() {
    return sigma;
  }

  /** The typical tenths for a mean, clamped to what a {@code short} holds. */
  static short tenths(double mean) {
    return (short) Math.max(Short.MIN_VALUE + 1, Math.min(Short.MAX_VALUE, Math.round(mean * 10)));
  }

  static short none() {
    return NONE;
  }
}
