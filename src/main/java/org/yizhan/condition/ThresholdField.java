package org.yizhan.condition;

/**
 * The eight thresholds: their snake_case names (JSON fields, violation fields and database columns
 * alike) and the ranges an admin may set. The migration's CHECK constraints repeat these ranges.
 */
enum ThresholdField {
  TOO_HOT_C("too_hot_c", 15, 50, false),
  TOO_HOT_MINUTES("too_hot_minutes", 1, 1440, true),
  TOO_COLD_C("too_cold_c", -10, 25, false),
  TOO_COLD_MINUTES("too_cold_minutes", 1, 1440, true),
  OVERFULL_PCT("overfull_pct", 50, 100, true),
  OVERFULL_MINUTES("overfull_minutes", 1, 1440, true),
  OPEN_NO_DATA_MINUTES("open_no_data_minutes", 5, 1440, true),
  CLOSED_OCCUPIED_MINUTES("closed_occupied_minutes", 1, 1440, true);

  static final ThresholdField[] ALL = values();

  final String code;
  final int min;
  final int max;

  /** Whole minutes or percent; otherwise degrees Celsius, fractions allowed. */
  final boolean whole;

  ThresholdField(String code, int min, int max, boolean whole) {
    this.code = code;
    this.min = min;
    this.max = max;
    this.whole = whole;
  }

  /** Why {@code v} is refused, or null if it is fine. */
  String problem(double v) {
    return Double.isFinite(v) && v >= min && v <= max
        ? null
        : "must be between " + min + " and " + max;
  }

  Number of(Thresholds t) {
    return switch (this) {
      case TOO_HOT_C -> t.tooHotC();
      case TOO_HOT_MINUTES -> t.tooHotMinutes();
      case TOO_COLD_C -> t.tooColdC();
      case TOO_COLD_MINUTES -> t.tooColdMinutes();
      case OVERFULL_PCT -> t.overfullPct();
      case OVERFULL_MINUTES -> t.overfullMinutes();
      case OPEN_NO_DATA_MINUTES -> t.openNoDataMinutes();
      case CLOSED_OCCUPIED_MINUTES -> t.closedOccupiedMinutes();
    };
  }

  /** The override, or null when the station inherits the global value. */
  Number of(ThresholdOverrides o) {
    return switch (this) {
      case TOO_HOT_C -> o.tooHotC();
      case TOO_HOT_MINUTES -> o.tooHotMinutes();
      case TOO_COLD_C -> o.tooColdC();
      case TOO_COLD_MINUTES -> o.tooColdMinutes();
      case OVERFULL_PCT -> o.overfullPct();
      case OVERFULL_MINUTES -> o.overfullMinutes();
      case OPEN_NO_DATA_MINUTES -> o.openNoDataMinutes();
      case CLOSED_OCCUPIED_MINUTES -> o.closedOccupiedMinutes();
    };
  }
}
