package org.yizhan.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;

/** Thresholds as admins send them: validation with field-named messages, and the JSON form. */
class ThresholdsTest {

  private static DomainException.InvalidInput refused(Runnable r) {
    return catchThrowableOfType(DomainException.InvalidInput.class, r::run);
  }

  @Test
  void theDefaultsAreValidAndRoundTripThroughJson() {
    assertThat(Thresholds.DEFAULTS.violations()).isEmpty();
    JsonObject json = ThresholdJson.toJson(Thresholds.DEFAULTS);
    assertThat(json.fieldNames())
        .containsExactlyInAnyOrder(
            "too_hot_c",
            "too_hot_minutes",
            "too_cold_c",
            "too_cold_minutes",
            "overfull_pct",
            "overfull_minutes",
            "open_no_data_minutes",
            "closed_occupied_minutes");
    assertThat(json.getDouble("too_hot_c")).isEqualTo(30.0);
    assertThat(json.getInteger("overfull_pct")).isEqualTo(100);
    Thresholds changed = new Thresholds(31.5, 20, 10, 25, 90, 5, 45, 60);
    assertThat(ThresholdJson.readThresholds(ThresholdJson.toJson(changed), Thresholds.DEFAULTS))
        .isEqualTo(changed);
    assertThat(
            ThresholdJson.readThresholds(
                new JsonObject().put("too_hot_c", 28), Thresholds.DEFAULTS))
        .as("a partial update keeps the rest")
        .isEqualTo(new Thresholds(28, 15, 12, 15, 100, 10, 30, 30));
  }

  @Test
  void overridesRoundTripWithNullsMeaningInherited() {
    ThresholdOverrides o = new ThresholdOverrides(null, null, 8.5, 30, null, null, null, 60);
    JsonObject json = ThresholdJson.toJson(o);
    assertThat(json.getValue("too_hot_c")).isNull();
    assertThat(json.containsKey("too_hot_c")).isTrue();
    assertThat(ThresholdJson.readOverrides(json, Thresholds.DEFAULTS)).isEqualTo(o);
    assertThat(ThresholdJson.readOverrides(new JsonObject(), Thresholds.DEFAULTS).isEmpty())
        .isTrue();
  }

  @Test
  void outOfRangeValuesAreRefusedWithTheFieldAndItsRange() {
    DomainException.InvalidInput e =
        refused(
            () ->
                ThresholdJson.readThresholds(
                    new JsonObject().put("too_hot_c", 60).put("overfull_pct", 120),
                    Thresholds.DEFAULTS));
    assertThat(e.violations())
        .containsExactly(
            Violation.of("too_hot_c", "must be between 15 and 50"),
            Violation.of("overfull_pct", "must be between 50 and 100"));
    assertThat(e.getMessage()).isEqualTo("2 problems, first too_hot_c: must be between 15 and 50");
  }

  @Test
  void tooColdMustStayBelowTooHotOnTheMergedValues() {
    assertThat(new Thresholds(24, 15, 25, 15, 100, 10, 30, 30).violations())
        .containsExactly(Violation.of("too_cold_c", "must be below too_hot_c (24)"));
    Thresholds global = new Thresholds(30, 15, 22, 15, 100, 10, 30, 30);
    assertThat(
            refused(
                    () ->
                        ThresholdJson.readOverrides(new JsonObject().put("too_hot_c", 20), global))
                .violations())
        .containsExactly(Violation.of("too_hot_c", "must be above too_cold_c (22)"));
    ThresholdSet set =
        new ThresholdSet(
            Thresholds.DEFAULTS,
            Map.of("st-a", new ThresholdOverrides(null, null, 25.0, null, null, null, null, null)));
    assertThat(set.violationsUnder(Thresholds.DEFAULTS)).isEmpty();
    assertThat(set.violationsUnder(new Thresholds(24.5, 15, 12, 15, 100, 10, 30, 30)))
        .containsExactly(
            Violation.of("stations.st-a.too_cold_c", "must be below too_hot_c (24.5)"));
  }

  @Test
  void mistypedAndUnknownFieldsAreAllReportedAtOnce() {
    JsonObject bad =
        new JsonObject()
            .put("too_hot_c", "hot")
            .put("too_hot_minutes", 7.5)
            .put("overfull", 100)
            .put("open_no_data_minutes", 2);
    assertThat(refused(() -> ThresholdJson.readOverrides(bad, Thresholds.DEFAULTS)).violations())
        .containsExactlyInAnyOrder(
            Violation.of("overfull", "unknown field"),
            Violation.of("too_hot_c", "must be a number"),
            Violation.of("too_hot_minutes", "must be a whole number"),
            Violation.of("open_no_data_minutes", "must be between 5 and 1440"));
    assertThat(
            refused(
                    () ->
                        ThresholdJson.readThresholds(
                            new JsonObject().putNull("too_cold_c"), Thresholds.DEFAULTS))
                .violations())
        .containsExactly(Violation.of("too_cold_c", "must not be null"));
  }

  @Test
  void conditionKindsCarrySeverityAndLabels() {
    assertThat(ConditionKind.TOO_HOT.code()).isEqualTo("too_hot");
    assertThat(ConditionKind.CLOSED_OCCUPIED.code()).isEqualTo("closed_occupied");
    assertThat(ConditionKind.TOO_HOT.defaultSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(ConditionKind.TOO_COLD.defaultSeverity()).isEqualTo(Severity.CRITICAL);
    assertThat(ConditionKind.OVERFULL.defaultSeverity()).isEqualTo(Severity.WARNING);
    assertThat(ConditionKind.OPEN_NO_DATA.defaultSeverity()).isEqualTo(Severity.WARNING);
    assertThat(ConditionKind.TOO_HOT.labelZh()).isEqualTo("室内过热");
    assertThat(ConditionKind.findByCode("open_no_data")).contains(ConditionKind.OPEN_NO_DATA);
  }
}
