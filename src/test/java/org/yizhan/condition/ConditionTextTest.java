package org.yizhan.condition;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.yizhan.station.hours.OpenState;
import org.yizhan.text.Bilingual;

/** Every station condition is described in both languages, when it starts and when it ends. */
class ConditionTextTest {

  private static final Instant AT = Instant.parse("2026-07-01T06:00:00Z");

  /** Verifies that each condition kind's start and end read in English and in Chinese. */
  @Test
  void everyConditionKindHasBothLanguagesWhenItStartsAndEnds() {
    for (ConditionKind k : ConditionKind.values()) {
      for (OpenState open : OpenState.values()) {
        StationConditions.Input in =
            new StationConditions.Input("st-text", 10, open, 31.5, AT, 7, AT, Thresholds.DEFAULTS);
        assertBoth(k + " started, " + open, ConditionText.started(k, in, 15 * 60_000L));
        assertBoth(k + " ended, " + open, ConditionText.ended(k, in));
      }
    }
    assertBoth("no longer evaluated", StationConditions.NO_LONGER_EVALUATED);
  }

  /** Verifies that the numbers a detail carries are in both languages alike. */
  @Test
  void bothLanguagesCarryTheSameFigures() {
    StationConditions.Input in =
        new StationConditions.Input(
            "st-text", 10, OpenState.OPEN, 31.5, AT, 9, AT, Thresholds.DEFAULTS);
    Bilingual hot = ConditionText.started(ConditionKind.TOO_HOT, in, 20 * 60_000L);
    assertThat(hot.en()).contains("31.5 °C", "20 min", "30 °C");
    assertThat(hot.zh()).contains("31.5 °C", "20 分钟", "30 °C");
    Bilingual full = ConditionText.started(ConditionKind.OVERFULL, in, 16 * 60_000L);
    assertThat(full.en()).contains("9 of 10", "90 %");
    assertThat(full.zh()).contains("10 个座位已占 9 个", "90%");
  }

  static void assertBoth(String what, Bilingual text) {
    assertThat(text.en()).as(what + " in English").isNotBlank();
    assertThat(text.en().codePoints().anyMatch(ConditionTextTest::isHan))
        .as(what + " in English has no Chinese: " + text.en())
        .isFalse();
    assertThat(text.zh().codePoints().anyMatch(ConditionTextTest::isHan))
        .as(what + " in Chinese: " + text.zh())
        .isTrue();
    assertThat(text.zh()).isNotEqualTo(text.en());
  }

  private static boolean isHan(int cp) {
    return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
  }
}
