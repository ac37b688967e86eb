package org.yizhan.condition;

import java.util.ArrayList;
import java.util.List;
import org.yizhan.error.Violation;

/**
 * One station's own thresholds; each null field inherits the global value. See {@link Thresholds}
 * for what each means.
 */
public record ThresholdOverrides(
    Double tooHotC,
    Integer tooHotMinutes,
    Double tooColdC,
    Integer tooColdMinutes,
    Integer overfullPct,
    Integer overfullMinutes,
    Integer openNoDataMinutes,
    Integer closedOccupiedMinutes) {

  public static final ThresholdOverrides NONE =
      new ThresholdOverrides(null, null, null, null, null, null, null, null);

  public boolean isEmpty() {
    return equals(NONE);
  }

  /**
   * What an admin may not set, with {@code global} as the values the station inherits: each set
   * value's range, and too cold below too hot once merged (reported on the field this override
   * sets).
   */
  public List<Violation> violations(Thresholds global) {
    List<Violation> out = new ArrayList<>();
    for (ThresholdField f : ThresholdField.ALL) {
      Number v = f.of(this);
      String problem = v == null ? null : f.problem(v.doubleValue());
      if (problem != null) {
        out.add(Violation.of(f.code, problem));
      }
    }
    Thresholds merged = Thresholds.effective(global, this);
    if (out.isEmpty() && !(merged.tooColdC() < merged.tooHotC())) {
      out.add(
          tooColdC != null
              ? Violation.of(
                  ThresholdField.TOO_COLD_C.code,
                  "must be below too_hot_c (" + Thresholds.format(merged.tooHotC()) + ")")
              : Violation.of(
                  ThresholdField.TOO_HOT_C.code,
                  "must be above too_cold_c (" + Thresholds.format(merged.tooColdC()) + ")"));
    }
    return out;
  }
}
