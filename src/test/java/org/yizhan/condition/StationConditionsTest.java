package org.yizhan.condition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yizhan.condition.StationConditions.Change;
import org.yizhan.condition.StationConditions.Input;
import org.yizhan.station.hours.OpenState;

/** Station conditions on synthetic minute-by-minute series, swept a few seconds after each. */
class StationConditionsTest {

  /** 14:00 in Beijing, July. */
  private static final Instant T0 = Instant.parse("2026-07-15T06:00:00Z");

  private static final Duration SWEEP_LAG = Duration.ofSeconds(5);
  private static final int CAPACITY = 20;

  private final StationConditions conditions = new StationConditions();

  private static Instant minute(double m) {
    return T0.plusMillis(Math.round(m * 60_000));
  }

  /** A station with a climate sensor reading {@code c} at minute {@code m}, and 5 people. */
  private static Input temperature(String id, double c, double m, Thresholds t) {
    return new Input(id, CAPACITY, OpenState.OPEN, c, minute(m), 5, minute(m), t);
  }

  private static Input occupancy(String id, Integer people, double m, OpenState open) {
    return new Input(
        id,
        CAPACITY,
        open,
        null,
        null,
        people,
        people == null ? null : minute(m),
        Thresholds.DEFAULTS);
  }

  private List<Change> sweep(double m, Input... inputs) {
    return conditions.sweep(List.of(inputs), minute(m).plus(SWEEP_LAG));
  }

  private Set<ConditionKind> evaluate(Input in, double m) {
    return conditions.evaluate(in, minute(m).plus(SWEEP_LAG));
  }

  @Test
  void tooHotStartsAfterFifteenMinutesAboveThirtyNotFourteen() {
    List<Change> changes = new ArrayList<>();
    for (int m = 0; m <= 15; m++) {
      double c = 31 + (m % 3) * 0.5;
      changes.addAll(sweep(m, temperature("st-hot", c, m, Thresholds.DEFAULTS)));
      if (m == 14) {
        assertThat(evaluate(temperature("st-hot", c, m, Thresholds.DEFAULTS), m + 0.5))
            .as("14.5 minutes")
            .isEmpty();
      }
    }
    assertThat(changes)
        .containsExactly(
            new Change(
                "st-hot",
                ConditionKind.TOO_HOT,
                true,
                minute(15).plus(SWEEP_LAG),
                "indoor 31.0 °C for 15 min (threshold 30 °C)",
                "室内 31.0 °C 已持续 15 分钟（阈值 30 °C）"));
    assertThat(conditions.findActive("st-hot"))
        .extracting(StationConditions.Active::kind, StationConditions.Active::since)
        .containsExactly(tuple(ConditionKind.TOO_HOT, minute(15).plus(SWEEP_LAG)));
  }

  @Test
  void theRunStartsAtTheFirstHotReadingEvenWhenTheFirstSweepSeesItLater() {
    // A sensor reporting every 5 minutes; the server (re)started at minute 2 and found the
    // minute-0 reading in the live state.
    List<Change> changes = new ArrayList<>();
    for (double m = 2; m <= 20; m += 0.5) {
      int reading = (int) (m / 5) * 5;
      changes.addAll(
          conditions.sweep(
              List.of(temperature("st-slow", 32.0, reading, Thresholds.DEFAULTS)), minute(m)));
    }
    assertThat(changes).extracting(Change::at).containsExactly(minute(15));
  }

  @Test
  void onceTooHotAReadingFlappingAroundThirtyKeepsItActiveUntilBelowTwentyNine() {
    int m = 0;
    for (; m <= 15; m++) {
      sweep(m, temperature("st-flap", 32.0, m, Thresholds.DEFAULTS));
    }
    assertThat(conditions.findActive("st-flap")).hasSize(1);
    for (; m <= 75; m++) {
      double c = m % 2 == 0 ? 30.3 : 29.7; // the air conditioner struggles back
      assertThat(sweep(m, temperature("st-flap", c, m, Thresholds.DEFAULTS)))
          .as("minute %d", m)
          .isEmpty();
    }
    assertThat(sweep(m, temperature("st-flap", 29.0, m, Thresholds.DEFAULTS)))
        .as("29.0 is not below 29")
        .isEmpty();
    m++;
    assertThat(sweep(m, temperature("st-flap", 28.9, m, Thresholds.DEFAULTS)))
        .containsExactly(
            new Change(
                "st-flap",
                ConditionKind.TOO_HOT,
                false,
                minute(m).plus(SWEEP_LAG),
                "indoor 28.9 °C, below 29 °C",
                "室内 28.9 °C，已低于 29 °C"));
    assertThat(conditions.findActive("st-flap")).isEmpty();
  }

  @Test
  void aTemperatureHoveringAroundThirtyNeverStartsTooHot() {
    for (int m = 0; m <= 180; m++) {
      double c = m % 10 == 9 ? 29.8 : 30.3; // above for nine minutes, then a dip
      assertThat(sweep(m, temperature("st-hover", c, m, Thresholds.DEFAULTS))).isEmpty();
    }
  }

  @Test
  void tooColdStartsAfterFifteenMinutesBelowTwelveAndClearsAboveThirteen() {
    List<Change> changes = new ArrayList<>();
    for (int m = 0; m <= 40; m++) {
      double c = m <= 20 ? 11.0 : m <= 30 ? 12.9 : 13.1;
      changes.addAll(sweep(m, temperature("st-cold", c, m, Thresholds.DEFAULTS)));
    }
    assertThat(changes)
        .extracting(Change::kind, Change::active, Change::at, Change::detail)
        .containsExactly(
            tuple(
                ConditionKind.TOO_COLD,
                true,
                minute(15).plus(SWEEP_LAG),
                "indoor 11.0 °C for 15 min (threshold 12 °C)"),
            tuple(
                ConditionKind.TOO_COLD,
                false,
                minute(31).plus(SWEEP_LAG),
                "indoor 13.1 °C, above 13 °C"));
  }

  @Test
  void overfullStartsAfterTenMinutesFullAndClearsBelowNinetyPercent() {
    for (int m = 0; m <= 60; m++) {
      assertThat(sweep(m, occupancy("st-almost", 19, m, OpenState.OPEN))).isEmpty();
    }
    List<Change> changes = new ArrayList<>();
    int[] people = {20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 20, 18, 18, 18, 17};
    for (int m = 0; m < people.length; m++) {
      changes.addAll(sweep(m, occupancy("st-full", people[m], m, OpenState.OPEN)));
    }
    assertThat(changes)
        .extracting(Change::active, Change::at, Change::detail)
        .containsExactly(
            tuple(
                true,
                minute(10).plus(SWEEP_LAG),
                "20 of 20 places taken (100 %) for 10 min (threshold 100 %)"),
            tuple(false, minute(14).plus(SWEEP_LAG), "17 of 20 places taken (85 %), below 90 %"));
  }

  @Test
  void openNoDataCountsOnlyWhileOpenByItsHours() {
    for (int m = 0; m <= 300; m++) {
      assertThat(sweep(m, occupancy("st-night", null, m, OpenState.CLOSED)))
          .as("closed all night")
          .isEmpty();
    }
    List<Change> changes = new ArrayList<>();
    for (int m = 0; m <= 45; m++) {
      OpenState open = m < 40 ? OpenState.OPEN : OpenState.CLOSED;
      changes.addAll(sweep(m, occupancy("st-silent", null, m, open)));
    }
    assertThat(changes)
        .extracting(Change::kind, Change::active, Change::at, Change::detail)
        .containsExactly(
            tuple(
                ConditionKind.OPEN_NO_DATA,
                true,
                minute(30).plus(SWEEP_LAG),
                "no fresh data for 30 min while open by its hours"),
            tuple(
                ConditionKind.OPEN_NO_DATA,
                false,
                minute(40).plus(SWEEP_LAG),
                "closed by its hours"));
  }

  @Test
  void openNoDataClearsWhenAnyFreshValueComesBack() {
    for (int m = 0; m <= 30; m++) {
      sweep(m, occupancy("st-back", null, m, OpenState.OPEN));
    }
    assertThat(sweep(31, temperature("st-back", 25.0, 31, Thresholds.DEFAULTS)))
        .extracting(Change::kind, Change::active, Change::detail)
        .containsExactly(tuple(ConditionKind.OPEN_NO_DATA, false, "fresh data again"));
  }

  @Test
  void closedOccupiedCountsOnlyWhileClosedByItsHours() {
    for (int m = 0; m <= 300; m++) {
      assertThat(
              sweep(
                  m,
                  occupancy("st-day", 2, m, OpenState.OPEN),
                  occupancy("st-holiday", 2, m, OpenState.UNKNOWN)))
          .isEmpty();
    }
    List<Change> changes = new ArrayList<>();
    for (int m = 0; m <= 40; m++) {
      int people = m < 35 ? 2 : 0;
      changes.addAll(sweep(m, occupancy("st-locked", people, m, OpenState.CLOSED)));
    }
    assertThat(changes)
        .extracting(Change::kind, Change::active, Change::at, Change::detail)
        .containsExactly(
            tuple(
                ConditionKind.CLOSED_OCCUPIED,
                true,
                minute(30).plus(SWEEP_LAG),
                "2 people inside for 30 min while closed by its hours"),
            tuple(
                ConditionKind.CLOSED_OCCUPIED,
                false,
                minute(35).plus(SWEEP_LAG),
                "nobody inside any more"));
  }

  @Test
  void aStationsOverrideBeatsTheGlobalThresholds() {
    ThresholdOverrides warmer = new ThresholdOverrides(35.0, 5, null, null, 80, null, null, null);
    ThresholdSet set = new ThresholdSet(Thresholds.DEFAULTS, Map.of("st-tolerant", warmer));
    Thresholds tolerant = set.forStation("st-tolerant");
    assertThat(tolerant)
        .isEqualTo(new Thresholds(35.0, 5, 12, 15, 80, 10, 30, 30))
        .isEqualTo(Thresholds.effective(Thresholds.DEFAULTS, warmer));
    assertThat(set.forStation("st-plain")).isSameAs(Thresholds.DEFAULTS);

    for (int m = 0; m <= 20; m++) {
      sweep(
          m,
          temperature("st-tolerant", 33.0, m, tolerant),
          temperature("st-plain", 33.0, m, set.forStation("st-plain")));
    }
    assertThat(conditions.active()).containsOnlyKeys("st-plain");

    for (int m = 21; m <= 26; m++) {
      sweep(m, temperature("st-tolerant", 36.0, m, tolerant));
    }
    assertThat(conditions.findActive("st-tolerant"))
        .extracting(StationConditions.Active::detail)
        .containsExactly("indoor 36.0 °C for 5 min (threshold 35 °C)");
  }

  @Test
  void aMissingValueBreaksAPendingRunButDoesNotClearAnActiveCondition() {
    for (int m = 0; m <= 10; m++) {
      sweep(m, temperature("st-gap", 33.0, m, Thresholds.DEFAULTS));
    }
    sweep(11, occupancy("st-gap", 5, 11, OpenState.OPEN)); // temperature stale for a sweep
    for (int m = 12; m <= 26; m++) {
      assertThat(sweep(m, temperature("st-gap", 33.0, m, Thresholds.DEFAULTS)))
          .as("run restarted at minute 12, minute %d", m)
          .isEmpty();
    }
    assertThat(sweep(27, temperature("st-gap", 33.0, 27, Thresholds.DEFAULTS))).hasSize(1);
    for (int m = 28; m <= 90; m++) {
      assertThat(sweep(m, occupancy("st-gap", 5, m, OpenState.OPEN)))
          .as("no temperature is no evidence it cooled down")
          .isEmpty();
    }
    assertThat(conditions.findActive("st-gap")).hasSize(1);
  }

  @Test
  void aSweepReturnsOnlyChangesForgetsStationsLeftOutAndKeepsNoStateForCalmOnes() {
    List<Input> calm = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      calm.add(temperature("st-calm-" + i, 25.0, 0, Thresholds.DEFAULTS));
    }
    List<Input> all = new ArrayList<>(calm);
    for (int m = 0; m <= 15; m++) {
      all.set(0, temperature("st-calm-0", 40.0, m, Thresholds.DEFAULTS));
      List<Change> changes = conditions.sweep(all, minute(m).plus(SWEEP_LAG));
      assertThat(changes).hasSize(m == 15 ? 1 : 0);
    }
    assertThat(conditions.sweep(all, minute(16))).isEmpty();
    assertThat(conditions.tracked()).isEqualTo(1);

    List<Change> gone = conditions.sweep(calm.subList(1, calm.size()), minute(17));
    assertThat(gone)
        .containsExactly(
            new Change(
                "st-calm-0",
                ConditionKind.TOO_HOT,
                false,
                minute(17),
                StationConditions.NO_LONGER_EVALUATED));
    assertThat(conditions.tracked()).isZero();
    assertThat(conditions.active()).isEmpty();
  }
}
