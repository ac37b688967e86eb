package org.yizhan.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yizhan.text.Bilingual;

/**
 * Every alert kind raised outside the station conditions (which {@code ConditionTextTest} covers)
 * has its detail in both languages.
 */
class AlertTextsTest {

  private static final Instant AT = Instant.parse("2026-07-01T06:00:00Z");

  /** Verifies that device offline, sensor suspect and late maintenance read in both languages. */
  @Test
  void everyAlertKindHasBothLanguages() {
    Map<String, Bilingual> texts =
        Map.of(
            AlertLifecycle.DEVICE_OFFLINE + " (sweep)",
            AlertTexts.wentOffline("dev-1", "online"),
            AlertLifecycle.DEVICE_OFFLINE + " (start)",
            AlertTexts.offlineAtStart("dev-1"),
            ConditionWatch.SENSOR_SUSPECT,
            AlertTexts.sensorSuspect("dev-1", List.of("stuck", "out_of_range")),
            MaintenanceAlerts.KIND + " (never succeeded)",
            AlertTexts.maintenanceLate("retention", null, AT, "1 h", null),
            MaintenanceAlerts.KIND + " (with an error)",
            AlertTexts.maintenanceLate("retention", AT, AT, "1 d", "permission denied"));
    texts.forEach(
        (what, text) -> {
          assertThat(text.en()).as(what).isNotBlank();
          assertThat(text.en().codePoints().anyMatch(AlertTextsTest::isHan))
              .as(what + " in English: " + text.en())
              .isFalse();
          assertThat(text.zh().codePoints().anyMatch(AlertTextsTest::isHan))
              .as(what + " in Chinese: " + text.zh())
              .isTrue();
        });
    assertThat(texts.get(ConditionWatch.SENSOR_SUSPECT).zh()).contains("dev-1", "stuck");
    assertThat(texts.get(MaintenanceAlerts.KIND + " (with an error)").zh())
        .contains("permission denied", "1 d");
  }

  private static boolean isHan(int cp) {
    return Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN;
  }
}
