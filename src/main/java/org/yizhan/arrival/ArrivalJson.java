package org.yizhan.arrival;

/** Renders a {@link Prediction} as the {@code arrival} object of a station's properties. */
final class ArrivalJson {

  /**
   * Arrival times as text, to the second, by second modulo the size: the ten stations of an answer
   * arrive at ten different seconds (now plus 0 to 63 whole minutes never collide), and formatting
   * each anew cost half of what a prediction costs. Entries are immutable; a race only formats
   * twice.
   */
  private static final Stamp[] STAMPS = new Stamp[256];

  private record Stamp(long epochSecond, String text) {}

  private ArrivalJson() {}

  /** Appends {@code ,"arrival":{...}} to an open properties object. */
  static void append(StringBuilder sb, Prediction p) {
    sb.append(",\"arrival\":{\"status\":\"").append(p.status().code()).append("\",\"time\":\"");
    sb.append(stamp(p.arrival().getEpochSecond())).append('"');
    sb.append(",\"walking_time_min\":").append(p.minutesAhead());
    sb.append(",\"history_weeks\":").append(p.historyWeeks());
    if (p.status() == Prediction.Status.PREDICTED) {
      sb.append(",\"free_seats\":").append(p.freeSeats());
      sb.append(",\"free_seats_low\":").append(p.freeLow());
      sb.append(",\"free_seats_high\":").append(p.freeHigh());
      sb.append(",\"confidence\":\"").append(p.confidence().code()).append('"');
      sb.append(",\"uses_live\":").append(p.live());
    }
    sb.append('}');
  }

  /** RFC 3339 UTC to the second, e.g. {@code 2026-12-02T02:05:00Z}. */
  static String stamp(long epochSecond) {
    int slot = (int) Math.floorMod(epochSecond, (long) STAMPS.length);
    Stamp s = STAMPS[slot];
    if (s == null || s.epochSecond() != epochSecond) {
      s = new Stamp(epochSecond, java.time.Instant.ofEpochSecond(epochSecond).toString());
      STAMPS[slot] = s;
    }
    return s.text();
  }
}
