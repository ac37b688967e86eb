package org.yizhan.station.hours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.station.hours.OpeningHoursTest.hours;
import static org.yizhan.station.hours.OpeningHoursTest.june;

import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link OpeningHours#windowAt} reuses an earlier answer while it is still valid; whatever order
 * the instants come in, it must say exactly what {@code stateAt} and {@code nextChangeAfter} say.
 */
class OpeningHoursWindowTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "24/7",
        "off",
        "Mo-Fr 08:00-20:00",
        "Mo-Fr 08:00-12:00,14:00-18:00; Sa 09:00-13:00",
        "Fr 22:00-03:00",
        "Mo-Fr 08:00-18:00; PH off",
        "sunrise-sunset",
        "Mo-Su 06:30-22:00"
      })
  void agreesWithDirectEvaluationForward(String spec) {
    OpeningHours h = hours(spec);
    Random random = new Random(spec.hashCode());
    Instant t = june(3, 0, 0);
    for (int i = 0; i < 5_000; i++) {
      t = t.plusSeconds(random.nextInt(random.nextBoolean() ? 90 : 7_200));
      check(h, t);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Mo-Fr 08:00-20:00", "Mo-Fr 08:00-18:00; PH off", "Fr 22:00-03:00"})
  void agreesWithDirectEvaluationAtRandomInstants(String spec) {
    OpeningHours h = hours(spec);
    Random random = new Random(spec.hashCode() * 31L);
    Instant base = june(1, 0, 0);
    for (int i = 0; i < 5_000; i++) {
      check(h, base.plusSeconds(random.nextInt(14 * 86_400)));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Mo-Fr 08:00-20:00", "24/7"})
  void answersWithinTheSameSpanAreReused(String spec) {
    OpeningHours h = hours(spec);
    OpeningHours.Window first = h.windowAt(june(4, 12, 0));
    assertThat(h.windowAt(june(4, 12, 0).plusSeconds(1))).isSameAs(first);
    assertThat(h.windowAt(june(4, 19, 59))).isSameAs(first);
  }

  private static void check(OpeningHours h, Instant t) {
    OpeningHours.Window w = h.windowAt(t);
    assertThat(w.state()).as("state at %s", t).isEqualTo(h.stateAt(t));
    assertThat(w.nextChange())
        .as("next change after %s", t)
        .isEqualTo(h.nextChangeAfter(t).orElse(null));
    assertThat(w.nextChangeJson())
        .isEqualTo(w.nextChange() == null ? "null" : "\"" + w.nextChange() + "\"");
  }
}
