package org.yizhan.condition;

import java.util.Locale;
import org.yizhan.station.hours.OpenState;

/** How conditions are described to admins. Only runs on a change. */
final class ConditionText {

  private ConditionText() {}

  static String started(ConditionKind k, StationConditions.Input in, long heldMs) {
    Thresholds th = in.thresholds();
    long min = heldMs / 60_000L;
    return switch (k) {
      case TOO_HOT ->
          "indoor "
              + celsius(in.temperatureC())
              + " °C for "
              + min
              + " min (threshold "
              + Thresholds.format(th.tooHotC())
              + " °C)";
      case TOO_COLD ->
          "indoor "
              + celsius(in.temperatureC())
              + " °C for "
              + min
              + " min (threshold "
              + Thresholds.format(th.tooColdC())
              + " °C)";
      case OVERFULL -> places(in) + " for " + min + " min (threshold " + th.overfullPct() + " %)";
      case OPEN_NO_DATA -> "no fresh data for " + min + " min while open by its hours";
      case CLOSED_OCCUPIED ->
          people(in.occupancy()) + " inside for " + min + " min while closed by its hours";
    };
  }

  static String ended(ConditionKind k, StationConditions.Input in) {
    Thresholds th = in.thresholds();
    return switch (k) {
      case TOO_HOT ->
          "indoor "
              + celsius(in.temperatureC())
              + " °C, below "
              + Thresholds.format(th.tooHotClearsBelowC())
              + " °C";
      case TOO_COLD ->
          "indoor "
              + celsius(in.temperatureC())
              + " °C, above "
              + Thresholds.format(th.tooColdClearsAboveC())
              + " °C";
      case OVERFULL ->
          in.capacity() <= 0
              ? "capacity unknown"
              : places(in) + ", below " + th.overfullClearsBelowPct() + " %";
      case OPEN_NO_DATA ->
          in.open() == OpenState.CLOSED ? "closed by its hours" : "fresh data again";
      case CLOSED_OCCUPIED ->
          in.open() == OpenState.OPEN ? "open by its hours" : "nobody inside any more";
    };
  }

  private static String celsius(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  private static String places(StationConditions.Input in) {
    int occupancy = in.occupancy();
    return occupancy
        + " of "
        + in.capacity()
        + " places taken ("
        + (occupancy * 100L / in.capacity())
        + " %)";
  }

  private static String people(int n) {
    return n == 1 ? "1 person" : n + " people";
  }
}
