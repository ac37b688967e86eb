package org.yizhan.condition;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.yizhan.error.Violation;

/**
 * The global thresholds and every station's overrides, with each overridden station's effective
 * thresholds worked out once, so that a sweep over all stations looks them up instead of merging.
 * Immutable: a change makes a new set, to be swapped into a {@code volatile} field.
 */
public final class ThresholdSet {

  public static final ThresholdSet DEFAULTS = new ThresholdSet(Thresholds.DEFAULTS, Map.of());

  private final Thresholds global;
  private final Map<String, ThresholdOverrides> overrides;
  private final Map<String, Thresholds> effective;

  /** Empty overrides are dropped. */
  public ThresholdSet(Thresholds global, Map<String, ThresholdOverrides> overrides) {
    this.global = Objects.requireNonNull(global, "global");
    Map<String, ThresholdOverrides> kept = new HashMap<>();
    Map<String, Thresholds> merged = new HashMap<>();
    overrides.forEach(
        (id, o) -> {
          if (o != null && !o.isEmpty()) {
            kept.put(id, o);
            merged.put(id, Thresholds.effective(global, o));
          }
        });
    this.overrides = Map.copyOf(kept);
    this.effective = Map.copyOf(merged);
  }

  public Thresholds global() {
    return global;
  }

  /** Overrides by station id. */
  public Map<String, ThresholdOverrides> overrides() {
    return overrides;
  }

  public Optional<ThresholdOverrides> findOverrides(String stationId) {
    return Optional.ofNullable(overrides.get(stationId));
  }

  /** The thresholds a station is judged by. */
  public Thresholds forStation(String stationId) {
    Thresholds t = effective.get(stationId);
    return t == null ? global : t;
  }

  public ThresholdSet withGlobal(Thresholds newGlobal) {
    return new ThresholdSet(newGlobal, overrides);
  }

  /** With that station's overrides replaced; null or empty removes them. */
  public ThresholdSet withOverrides(String stationId, ThresholdOverrides o) {
    Map<String, ThresholdOverrides> next = new HashMap<>(overrides);
    if (o == null || o.isEmpty()) {
      next.remove(stationId);
    } else {
      next.put(stationId, o);
    }
    return new ThresholdSet(global, next);
  }

  /**
   * What would be wrong with some station if the global thresholds became {@code newGlobal}: an
   * override of too cold at 25 °C is fine under a global too hot of 30 °C, not under 24 °C. Fields
   * are named {@code stations.<id>.<field>}; sorted by station id.
   */
  public List<Violation> violationsUnder(Thresholds newGlobal) {
    List<Violation> out = new ArrayList<>();
    overrides.keySet().stream()
        .sorted()
        .forEach(
            id -> {
              for (Violation v : overrides.get(id).violations(newGlobal)) {
                out.add(Violation.of("stations." + id + "." + v.field(), v.reason()));
              }
            });
    return out;
  }
}
