package org.yizhan.condition;

import java.util.Locale;
import java.util.Optional;
import org.yizhan.json.Coded;

/** Conditions of a station worth an alert, with their default severity and labels. */
public enum ConditionKind implements Coded {
  /** Indoor temperature above the threshold: in summer, the air conditioning has failed. */
  TOO_HOT(Severity.CRITICAL, "室内过热", "Too hot inside"),
  /** Indoor temperature below the threshold: in winter, the heating has failed. */
  TOO_COLD(Severity.CRITICAL, "室内过冷", "Too cold inside"),
  /** Occupancy at or above the set share of the places. */
  OVERFULL(Severity.WARNING, "人员已满", "Overfull"),
  /** Open by its hours, yet no fresh valid value from any of its sensors. */
  OPEN_NO_DATA(Severity.WARNING, "开放时段无数据", "Open but no data"),
  /** Closed by its hours, yet people counted inside. */
  CLOSED_OCCUPIED(Severity.WARNING, "闭站时段有人", "Occupied while closed");

  static final ConditionKind[] ALL = values();

  private final String code = name().toLowerCase(Locale.ROOT);
  private final Severity severity;
  private final String labelZh;
  private final String labelEn;

  ConditionKind(Severity severity, String labelZh, String labelEn) {
    this.severity = severity;
    this.labelZh = labelZh;
    this.labelEn = labelEn;
  }

  @Override
  public String code() {
    return code;
  }

  public Severity defaultSeverity() {
    return severity;
  }

  public String labelZh() {
    return labelZh;
  }

  public String labelEn() {
    return labelEn;
  }

  int bit() {
    return 1 << ordinal();
  }

  public static Optional<ConditionKind> findByCode(String code) {
    return Coded.find(ConditionKind.class, code);
  }
}
