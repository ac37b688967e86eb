package org.yizhan.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.error.Violation;

/** A warning's level and period as the service issues them; cities suggested on a near miss. */
class WarningDraftTest {

  private static final Instant T = Instant.parse("2026-07-10T04:00:00Z");

  private static List<String> fields(WarningDraft d) {
    return d.violations().stream().map(Violation::field).toList();
  }

  /** Verifies that heat warnings start at yellow while cold ones may be blue. */
  @Test
  void heatWarningsStartAtYellow() {
    Instant until = T.plus(Duration.ofHours(6));
    assertThat(fields(new WarningDraft(WarningKind.HEAT, WarningLevel.BLUE, "太原", T, until)))
        .containsExactly("level");
    assertThat(new WarningDraft(WarningKind.HEAT, WarningLevel.YELLOW, "太原", T, until).violations())
        .isEmpty();
    assertThat(new WarningDraft(WarningKind.COLD, WarningLevel.BLUE, "太原", T, until).violations())
        .isEmpty();
  }

  /** Verifies that until must follow from, by at most ten days. */
  @Test
  void thePeriodEndsAfterItStartsAndLastsAtMostTenDays() {
    assertThat(fields(new WarningDraft(WarningKind.COLD, WarningLevel.RED, "太原", T, T)))
        .containsExactly("until");
    assertThat(
            fields(
                new WarningDraft(WarningKind.COLD, WarningLevel.RED, "太原", T, T.minusSeconds(60))))
        .containsExactly("until");
    assertThat(
            new WarningDraft(
                    WarningKind.COLD, WarningLevel.RED, "太原", T, T.plus(Duration.ofDays(10)))
                .violations())
        .isEmpty();
    assertThat(
            fields(
                new WarningDraft(
                    WarningKind.COLD,
                    WarningLevel.RED,
                    "太原",
                    T,
                    T.plus(Duration.ofDays(10)).plusSeconds(1))))
        .containsExactly("until");
  }

  /** Verifies that a warning is upcoming, in force, then past, and ends early when ended. */
  @Test
  void stateFollowsThePeriodAndAnEarlyEnd() {
    Warning w =
        new Warning(
            1,
            WarningKind.HEAT,
            WarningLevel.ORANGE,
            "太原",
            T,
            T.plusSeconds(3600),
            null,
            WarningSource.MANUAL,
            null,
            "a",
            T);
    assertThat(w.stateAt(T.minusSeconds(1))).isEqualTo(Warning.State.UPCOMING);
    assertThat(w.stateAt(T)).isEqualTo(Warning.State.IN_FORCE);
    assertThat(w.stateAt(T.plusSeconds(3600))).isEqualTo(Warning.State.PAST);
    Warning ended =
        new Warning(
            1,
            WarningKind.HEAT,
            WarningLevel.ORANGE,
            "太原",
            T,
            T.plusSeconds(3600),
            T.plusSeconds(60),
            WarningSource.MANUAL,
            null,
            "a",
            T);
    assertThat(ended.stateAt(T.plusSeconds(61))).isEqualTo(Warning.State.PAST);
  }

  /** Verifies that a city typed with its suffix or a typo gets the registry's spelling offered. */
  @Test
  void nearMatchesOfferTheRegistrySpelling() {
    CityNames cities = new CityNames(List.of("太原", "大同", "晋中", "晋城"));
    assertThat(cities.nearMatches("太原市")).containsExactly("太原");
    assertThat(cities.nearMatches("晋")).contains("晋中", "晋城");
    assertThat(cities.nearMatches("上海")).isEmpty();
  }
}
