package org.yizhan.condition;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;

/**
 * Thresholds as JSON objects with snake_case fields ({@code too_hot_c}, {@code too_hot_minutes},
 * {@code too_cold_c}, {@code too_cold_minutes}, {@code overfull_pct}, {@code overfull_minutes},
 * {@code open_no_data_minutes}, {@code closed_occupied_minutes}). Reading validates everything at
 * once and refuses with one violation per bad field.
 */
public final class ThresholdJson {

  private ThresholdJson() {}

  public static JsonObject toJson(Thresholds t) {
    JsonObject json = new JsonObject();
    for (ThresholdField f : ThresholdField.ALL) {
      json.put(f.code, f.of(t));
    }
    return json;
  }

  /** Every field, null where the station inherits the global value. */
  public static JsonObject toJson(ThresholdOverrides o) {
    JsonObject json = new JsonObject();
    for (ThresholdField f : ThresholdField.ALL) {
      json.put(f.code, f.of(o));
    }
    return json;
  }

  /**
   * Global thresholds from a request; a field left out keeps its value in {@code base} (so a
   * partial update works).
   *
   * @throws DomainException.InvalidInput listing every unknown, mistyped or out-of-range field
   */
  public static Thresholds readThresholds(JsonObject json, Thresholds base) {
    List<Violation> problems = new ArrayList<>();
    Number[] v = read(json, problems, false);
    if (!problems.isEmpty()) {
      throw DomainException.InvalidInput.of(problems);
    }
    Thresholds t =
        new Thresholds(
            or(v[0], base.tooHotC()).doubleValue(),
            or(v[1], base.tooHotMinutes()).intValue(),
            or(v[2], base.tooColdC()).doubleValue(),
            or(v[3], base.tooColdMinutes()).intValue(),
            or(v[4], base.overfullPct()).intValue(),
            or(v[5], base.overfullMinutes()).intValue(),
            or(v[6], base.openNoDataMinutes()).intValue(),
            or(v[7], base.closedOccupiedMinutes()).intValue());
    List<Violation> invalid = t.violations();
    if (!invalid.isEmpty()) {
      throw DomainException.InvalidInput.of(invalid);
    }
    return t;
  }

  /**
   * A station's overrides from a request; a field left out or null inherits the global value.
   *
   * @param global what the station inherits, for checking too cold against too hot
   * @throws DomainException.InvalidInput listing every unknown, mistyped or out-of-range field
   */
  public static ThresholdOverrides readOverrides(JsonObject json, Thresholds global) {
    List<Violation> problems = new ArrayList<>();
    Number[] v = read(json, problems, true);
    if (!problems.isEmpty()) {
      throw DomainException.InvalidInput.of(problems);
    }
    ThresholdOverrides o =
        new ThresholdOverrides(
            v[0] == null ? null : v[0].doubleValue(),
            integer(v[1]),
            v[2] == null ? null : v[2].doubleValue(),
            integer(v[3]),
            integer(v[4]),
            integer(v[5]),
            integer(v[6]),
            integer(v[7]));
    List<Violation> invalid = o.violations(global);
    if (!invalid.isEmpty()) {
      throw DomainException.InvalidInput.of(invalid);
    }
    return o;
  }

  /** The fields in {@link ThresholdField} order, null where absent; problems collected. */
  private static Number[] read(JsonObject json, List<Violation> problems, boolean nullable) {
    for (String name : json.fieldNames()) {
      if (field(name) == null) {
        problems.add(Violation.of(name, "unknown field"));
      }
    }
    Number[] out = new Number[ThresholdField.ALL.length];
    for (ThresholdField f : ThresholdField.ALL) {
      if (!json.containsKey(f.code)) {
        continue;
      }
      Object raw = json.getValue(f.code);
      if (raw == null) {
        if (!nullable) {
          problems.add(Violation.of(f.code, "must not be null"));
        }
        continue;
      }
      if (!(raw instanceof Number n) || !Double.isFinite(n.doubleValue())) {
        problems.add(Violation.of(f.code, f.whole ? "must be a whole number" : "must be a number"));
        continue;
      }
      double d = n.doubleValue();
      if (f.whole && d != Math.rint(d)) {
        problems.add(Violation.of(f.code, "must be a whole number"));
        continue;
      }
      String problem = f.problem(d);
      if (problem != null) {
        problems.add(Violation.of(f.code, problem));
        continue;
      }
      out[f.ordinal()] = f.whole ? (Number) (int) d : (Number) d;
    }
    return out;
  }

  private static ThresholdField field(String code) {
    for (ThresholdField f : ThresholdField.ALL) {
      if (f.code.equals(code)) {
        return f;
      }
    }
    return null;
  }

  private static Number or(Number v, Number fallback) {
    return v == null ? fallback : v;
  }

  private static Integer integer(Number v) {
    return v == null ? null : v.intValue();
  }
}
