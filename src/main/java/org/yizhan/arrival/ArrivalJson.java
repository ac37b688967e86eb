package org.yizhan.arrival;

import org.yizhan.json.JsonText;

/** Renders a {@link Prediction} as the {@code arrival} object of a station's properties. */
final class ArrivalJson {

  private ArrivalJson() {}

  /** Appends {@code ,"arrival":{...}} to an open properties object. */
  static void append(StringBuilder sb, Prediction p) {
    sb.append(",\"arrival\":{\"status\":\"").append(p.status().code()).append("\",\"time\":\"");
    JsonText.instantMillis(sb, p.arrival()).append('"');
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
}
