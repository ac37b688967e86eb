package org.yizhan.condition;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.yizhan.error.Violation;

/**
 * When a station condition starts: a value and how long it must hold. Each clears with a deadband,
 * so a reading wavering around a threshold neither raises nor clears an alert again and again. The
 * constructor accepts any finite values (so that merging never fails); {@link #violations} says
 * what an admin may not set, and {@link ThresholdJson} refuses it at the edge.
 *
 * @param tooHotC indoor temperature above which the station is too hot. Default 30 °C: rest
 *     stations are where outdoor workers cool down, and an air-conditioned room is held at 24–28
 *     °C; above 30 °C for a quarter of an hour the air conditioning is off or has failed.
 * @param tooHotMinutes how long, default 15: a door propped open or a crowd arriving warms the room
 *     for a few minutes; a failed air conditioner keeps it warm.
 * @param tooColdC below which the station is too cold. Default 12 °C: a heated room is at 16–22 °C;
 *     below 12 °C in winter the heating has failed.
 * @param tooColdMinutes how long, default 15, for the same reason as {@code tooHotMinutes}.
 * @param overfullPct occupancy as a share of the places at or above which the station is overfull.
 *     Default 100 %: workers are turned away only when it is full (readings above capacity are
 *     flagged invalid and never reach this rule).
 * @param overfullMinutes how long, default 10: the lunch peak fills a station for a few minutes;
 *     longer is worth pointing workers to the next station or opening overflow space.
 * @param openNoDataMinutes how long a station may be open by its hours without a fresh valid value
 *     from any of its sensors. Default 30: sensors report every 1 to 5 minutes; a reboot or a short
 *     network outage is over well within half an hour.
 * @param closedOccupiedMinutes how long people may be counted inside while the station is closed by
 *     its hours. Default 30: staff cleaning and locking up stay a while; longer means somebody is
 *     locked in, the station is used outside its hours, or its published hours are wrong.
 */
public record Thresholds(
    double tooHotC,
    int tooHotMinutes,
    double tooColdC,
    int tooColdMinutes,
    int overfullPct,
    int overfullMinutes,
    int openNoDataMinutes,
    int closedOccupiedMinutes) {

  public static final Thresholds DEFAULTS = new Thresholds(30, 15, 12, 15, 100, 10, 30, 30);

  /**
   * Too hot clears only below {@code tooHotC} minus this, too cold only above {@code tooColdC} plus
   * this. 1 °C covers a probe's ±0.3 °C noise and the ±0.5 °C swing of a working thermostat.
   */
  public static final double TEMPERATURE_DEADBAND_C = 1.0;

  /** Overfull clears only below {@code overfullPct} minus this many points (90 % by default). */
  public static final int OVERFULL_DEADBAND_PCT = 10;

  public Thresholds {
    if (!Double.isFinite(tooHotC) || !Double.isFinite(tooColdC)) {
      throw new IllegalArgumentException("temperature thresholds must be finite");
    }
  }

  /** The station's thresholds: each override that is set replaces the global value. */
  public static Thresholds effective(Thresholds global, ThresholdOverrides o) {
    if (o == null || o.isEmpty()) {
      return global;
    }
    return new Thresholds(
        o.tooHotC() != null ? o.tooHotC() : global.tooHotC,
        o.tooHotMinutes() != null ? o.tooHotMinutes() : global.tooHotMinutes,
        o.tooColdC() != null ? o.tooColdC() : global.tooColdC,
        o.tooColdMinutes() != null ? o.tooColdMinutes() : global.tooColdMinutes,
        o.overfullPct() != null ? o.overfullPct() : global.overfullPct,
        o.overfullMinutes() != null ? o.overfullMinutes() : global.overfullMinutes,
        o.openNoDataMinutes() != null ? o.openNoDataMinutes() : global.openNoDataMinutes,
        o.closedOccupiedMinutes() != null
            ? o.closedOccupiedMinutes()
            : global.closedOccupiedMinutes);
  }

  public double tooHotClearsBelowC() {
    return tooHotC - TEMPERATURE_DEADBAND_C;
  }

  public double tooColdClearsAboveC() {
    return tooColdC + TEMPERATURE_DEADBAND_C;
  }

  public int overfullClearsBelowPct() {
    return overfullPct - OVERFULL_DEADBAND_PCT;
  }

  /** What an admin may not set: each value's range, and too cold below too hot. */
  public List<Violation> violations() {
    List<Violation> out = new ArrayList<>();
    for (ThresholdField f : ThresholdField.ALL) {
      String problem = f.problem(f.of(this).doubleValue());
      if (problem != null) {
        out.add(Violation.of(f.code, problem));
      }
    }
    if (out.isEmpty() && !(tooColdC < tooHotC)) {
      out.add(
          Violation.of(
              ThresholdField.TOO_COLD_C.code, "must be below too_hot_c (" + format(tooHotC) + ")"));
    }
    return out;
  }

  /** 30.0 as "30", 29.5 as "29.5": how thresholds appear in messages. */
  static String format(double celsius) {
    return BigDecimal.valueOf(celsius).stripTrailingZeros().toPlainString();
  }
}
