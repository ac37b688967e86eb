package org.yizhan.tools.sim;

/**
 * Weather in Shanxi and the climate inside a station. Outdoors: a seasonal mean (January about -8
 * °C, July about 25 °C), a daily swing of ±6 °C (coldest near 03:00, warmest near 15:00), a
 * day-to-day anomaly shared by the stations of one city, and colder further north. Indoors: the AC
 * holds 26 °C when it would otherwise be warmer and the heating 20 °C when it would be colder; a
 * failed unit lets the room drift towards the free-running temperature over a few hours.
 */
final class Climate {

  /** Taiyuan, where the seasonal means hold; each degree further north is 0.7 °C colder. */
  static final double REFERENCE_LAT = 37.87;

  static final double COOLING_SETPOINT_C = 26.0;
  static final double HEATING_SETPOINT_C = 20.0;

  /** How fast a room follows the outside once its AC failed, hours. */
  static final double FAILED_AC_HOURS = 2.0;

  private static final double YEAR_DAYS = 365.2425;
  private static final long DAYS_1970_TO_2000 = 10_957;

  private Climate() {}

  /** Fractional day of the year in China (0 = 1 January, 00:00). */
  static double dayOfYear(long epochMs) {
    double days = (epochMs + DailyCurve.CHINA_OFFSET_MS) / (double) DailyCurve.DAY_MS;
    double d = (days - DAYS_1970_TO_2000) % YEAR_DAYS;
    return d < 0 ? d + YEAR_DAYS : d;
  }

  /** Mean outdoor temperature of the season at Taiyuan, °C. */
  static double seasonalMeanC(long epochMs) {
    return 8.5 + 16.5 * Math.cos(2 * Math.PI * (dayOfYear(epochMs) - 198) / YEAR_DAYS);
  }

  /** Outdoor temperature, °C. */
  static double outdoorC(long epochMs, double lat, long weatherKey) {
    double hour = DailyCurve.localHour(epochMs);
    return seasonalMeanC(epochMs)
        + 6.0 * Math.cos(2 * Math.PI * (hour - 15) / 24)
        + anomalyC(epochMs, weatherKey)
        - 0.7 * (lat - REFERENCE_LAT);
  }

  /**
   * The weather of the day: a smooth random departure from the seasonal mean, standard deviation
   * 2.5 °C, the same for every station with the same key (one city).
   */
  static double anomalyC(long epochMs, long weatherKey) {
    double days = (epochMs + DailyCurve.CHINA_OFFSET_MS) / (double) DailyCurve.DAY_MS;
    long d0 = (long) Math.floor(days);
    double f = days - d0;
    double w = (1 - Math.cos(Math.PI * f)) / 2;
    double a = hashGaussian(weatherKey * 31 + d0);
    double b = hashGaussian(weatherKey * 31 + d0 + 1);
    return 2.5 * (a + (b - a) * w);
  }

  /** Outdoor relative humidity, %: dry winters, humid summers, damp mornings. */
  static double outdoorHumidityPct(long epochMs) {
    double hour = DailyCurve.localHour(epochMs);
    return 57
        + 15 * Math.cos(2 * Math.PI * (dayOfYear(epochMs) - 205) / YEAR_DAYS)
        + 8 * Math.cos(2 * Math.PI * (hour - 5) / 24);
  }

  /** What the room would reach with no AC: outside plus the building's and the people's heat. */
  static double freeRunningC(double outdoorC, double occupiedShare) {
    return outdoorC + 4 + 2 * occupiedShare;
  }

  /** What a working AC holds the room at. */
  static double controlledC(double freeRunningC) {
    return Math.max(HEATING_SETPOINT_C, Math.min(COOLING_SETPOINT_C, freeRunningC));
  }

  /** The room some hours after its AC failed, drifting from the setpoint to free-running. */
  static double failedC(double freeRunningC, double hoursSinceFailure) {
    double held = controlledC(freeRunningC);
    return freeRunningC + (held - freeRunningC) * Math.exp(-hoursSinceFailure / FAILED_AC_HOURS);
  }

  /** Indoor humidity, %, 20 to 80: the AC dries the air, heating dries it more, people add some. */
  static double indoorHumidityPct(double outdoorPct, double freeRunningC, double occupiedShare) {
    double factor =
        freeRunningC > COOLING_SETPOINT_C ? 0.75 : freeRunningC < HEATING_SETPOINT_C ? 0.6 : 0.95;
    return Math.max(20, Math.min(80, outdoorPct * factor + 6 * occupiedShare));
  }

  /** A standard normal value determined by {@code key} alone. */
  static double hashGaussian(long key) {
    double u1 = ((mix64(key) >>> 11) + 1) * 0x1.0p-53;
    double u2 = (mix64(key ^ 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** SplitMix64's finaliser: a well-mixed 64-bit hash of a 64-bit value. */
  static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
