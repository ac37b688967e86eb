package org.yizhan.arrival;

import java.time.Instant;

/**
 * Free seats expected at a station when a worker arrives.
 *
 * @param arrival now plus the walking time
 * @param minutesAhead the walking time, minutes
 * @param status {@link Status#PREDICTED} with the numbers below, or why there is no number
 * @param freeSeats the expected free seats (0 to capacity); -1 when not predicted
 * @param freeLow the interval's low end (about 8 arrivals in 10 fall inside); -1 when not predicted
 * @param freeHigh the interval's high end; -1 when not predicted
 * @param confidence how narrow the interval is; {@code null} when not predicted
 * @param historyWeeks how many of the last weeks had data for the arrival's hour of the week
 * @param live whether a current live value went into it (a stale one never does)
 */
public record Prediction(
    Instant arrival,
    int minutesAhead,
    Status status,
    int freeSeats,
    int freeLow,
    int freeHigh,
    Confidence confidence,
    int historyWeeks,
    boolean live) {

  /** Whether there is a number. */
  public enum Status {
    PREDICTED("predicted"),
    /** Fewer than {@link Forecast#MIN_WEEKS} of the last weeks have data for that hour. */
    INSUFFICIENT_HISTORY("insufficient_history"),
    /** The station's opening hours say it is closed at the arrival time: no seat is free. */
    CLOSED_AT_ARRIVAL("closed_at_arrival");

    private final String code;

    Status(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** A word for the interval's width, for readers who do not want numbers. */
  public enum Confidence {
    HIGH("high"),
    MEDIUM("medium"),
    LOW("low");

    private final String code;

    Confidence(String code) {
      this.code = code;
    }

    public String code() {
      return code;
    }
  }

  /** The same arrival at a station that will be closed then: no number. */
  Prediction closed() {
    return new Prediction(
        arrival, minutesAhead, Status.CLOSED_AT_ARRIVAL, -1, -1, -1, null, historyWeeks, false);
  }

  static Prediction insufficient(Instant arrival, int minutesAhead, int weeks) {
    return new Prediction(
        arrival, minutesAhead, Status.INSUFFICIENT_HISTORY, -1, -1, -1, null, weeks, false);
  }
}
