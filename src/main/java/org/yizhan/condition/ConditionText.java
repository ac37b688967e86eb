package org.yizhan.condition;

import java.util.Locale;
import org.yizhan.station.hours.OpenState;
import org.yizhan.text.Bilingual;

/**
 * How conditions are described to admins, in English and Chinese (the admin API answers in the
 * reader's language). Only runs on a change.
 */
final class ConditionText {

  private ConditionText() {}

  static Bilingual started(ConditionKind k, StationConditions.Input in, long heldMs) {
    Thresholds th = in.thresholds();
    long min = heldMs / 60_000L;
    String c = in.temperatureC() == null ? "?" : celsius(in.temperatureC());
    return switch (k) {
      case TOO_HOT ->
          new Bilingual(
              "indoor "
                  + c
                  + " °C for "
                  + min
                  + " min (threshold "
                  + Thresholds.format(th.tooHotC())
                  + " °C)",
              "室内 " + c + " °C 已持续 " + min + " 分钟（阈值 " + Thresholds.format(th.tooHotC()) + " °C）");
      case TOO_COLD ->
          new Bilingual(
              "indoor "
                  + c
                  + " °C for "
                  + min
                  + " min (threshold "
                  + Thresholds.format(th.tooColdC())
                  + " °C)",
              "室内 " + c + " °C 已持续 " + min + " 分钟（阈值 " + Thresholds.format(th.tooColdC()) + " °C）");
      case OVERFULL ->
          new Bilingual(
              places(in) + " for " + min + " min (threshold " + th.overfullPct() + " %)",
              placesZh(in) + "，已持续 " + min + " 分钟（阈值 " + th.overfullPct() + "%）");
      case OPEN_NO_DATA ->
          new Bilingual(
              "no fresh data for " + min + " min while open by its hours",
              "按开放时间应开放，但已 " + min + " 分钟没有新数据");
      case CLOSED_OCCUPIED ->
          new Bilingual(
              people(in.occupancy()) + " inside for " + min + " min while closed by its hours",
              "按开放时间已关闭，但室内有 " + in.occupancy() + " 人，已持续 " + min + " 分钟");
    };
  }

  static Bilingual ended(ConditionKind k, StationConditions.Input in) {
    Thresholds th = in.thresholds();
    String c = in.temperatureC() == null ? "?" : celsius(in.temperatureC());
    return switch (k) {
      case TOO_HOT ->
          new Bilingual(
              "indoor " + c + " °C, below " + Thresholds.format(th.tooHotClearsBelowC()) + " °C",
              "室内 " + c + " °C，已低于 " + Thresholds.format(th.tooHotClearsBelowC()) + " °C");
      case TOO_COLD ->
          new Bilingual(
              "indoor " + c + " °C, above " + Thresholds.format(th.tooColdClearsAboveC()) + " °C",
              "室内 " + c + " °C，已高于 " + Thresholds.format(th.tooColdClearsAboveC()) + " °C");
      case OVERFULL ->
          in.capacity() <= 0
              ? new Bilingual("capacity unknown", "座位数未知")
              : new Bilingual(
                  places(in) + ", below " + th.overfullClearsBelowPct() + " %",
                  placesZh(in) + "，已低于 " + th.overfullClearsBelowPct() + "%");
      case OPEN_NO_DATA ->
          in.open() == OpenState.CLOSED
              ? new Bilingual("closed by its hours", "按开放时间已关闭")
              : new Bilingual("fresh data again", "已恢复新数据");
      case CLOSED_OCCUPIED ->
          in.open() == OpenState.OPEN
              ? new Bilingual("open by its hours", "按开放时间已开放")
              : new Bilingual("nobody inside any more", "室内已无人");
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

  private static String placesZh(StationConditions.Input in) {
    int occupancy = in.occupancy();
    return in.capacity()
        + " 个座位已占 "
        + occupancy
        + " 个（"
        + (occupancy * 100L / in.capacity())
        + "%）";
  }

  private static String people(int n) {
    return n == 1 ? "1 person" : n + " people";
  }
}
