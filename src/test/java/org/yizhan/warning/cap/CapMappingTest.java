package org.yizhan.warning.cap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yizhan.warning.CapSamples;
import org.yizhan.warning.CityNames;
import org.yizhan.warning.WarningDraft;
import org.yizhan.warning.WarningKind;
import org.yizhan.warning.WarningLevel;

/** CAP 1.2 documents mapped to warnings for the registry's cities, and what is ignored. */
class CapMappingTest {

  private static final CityNames CITIES = new CityNames(List.of("太原", "大同", "晋中"));

  /** Verifies that event, colour or severity, area and period map to kind, level, city, period. */
  @Test
  void heatAndColdAlertsMapToWarningsOfRegistryCities() throws Exception {
    byte[] xml = CapSamples.sample("2026-07-10T12:00:00+08:00", "2026-07-10T18:00:00+08:00");

    CapMapping.Result r = CapMapping.map(CapParser.parse(xml), CITIES);

    assertThat(r.warnings()).hasSize(2);
    WarningDraft heat = r.warnings().get(0).draft();
    assertThat(heat.kind()).isEqualTo(WarningKind.HEAT);
    assertThat(heat.level()).isEqualTo(WarningLevel.ORANGE);
    assertThat(heat.city()).isEqualTo("太原");
    assertThat(heat.from()).isEqualTo(Instant.parse("2026-07-10T04:00:00Z"));
    assertThat(heat.until()).isEqualTo(Instant.parse("2026-07-10T10:00:00Z"));
    assertThat(r.warnings().get(0).feedId()).isEqualTo("CN-TY-HEAT-1#太原#heat");
    WarningDraft cold = r.warnings().get(1).draft();
    assertThat(cold.kind()).isEqualTo(WarningKind.COLD);
    assertThat(cold.level()).as("Moderate, no colour named").isEqualTo(WarningLevel.YELLOW);
    assertThat(cold.city()).isEqualTo("大同");
  }

  /** Verifies that unknown events, areas outside the registry and exercises are counted. */
  @Test
  void whatCannotBeUsedIsCountedByReason() throws Exception {
    byte[] xml = CapSamples.sample("2026-07-10T12:00:00+08:00", "2026-07-10T18:00:00+08:00");

    CapMapping.Result r = CapMapping.map(CapParser.parse(xml), CITIES);

    assertThat(r.ignored())
        .isEqualTo(
            Map.of(
                CapMapping.Ignored.UNKNOWN_EVENT, 1,
                CapMapping.Ignored.UNKNOWN_AREA, 1,
                CapMapping.Ignored.NOT_ACTUAL, 1));
  }

  /** Verifies that an alert whose period breaks the rules is ignored, not stored half-right. */
  @Test
  void anAlertWithAnImpossiblePeriodIsIgnored() throws Exception {
    byte[] xml = CapSamples.sample("2026-07-10T12:00:00+08:00", "2026-07-30T18:00:00+08:00");

    CapMapping.Result r = CapMapping.map(CapParser.parse(xml), CITIES);

    assertThat(r.warnings()).isEmpty();
    assertThat(r.ignored()).containsEntry(CapMapping.Ignored.INVALID_PERIOD, 2);
  }

  /**
   * Verifies that an English colour counts only as a word ("entered" is not red) and that the
   * Chinese event names map to their kind.
   */
  @Test
  void aColourWordMustBeAWord() {
    CapEntry entry =
        new CapEntry(
            "x", "Actual", "Alert", "Heat", "Moderate", "Heat warning entered", null, null, "太原");
    assertThat(CapMapping.level(entry)).contains(WarningLevel.YELLOW);
    assertThat(CapMapping.kind("寒潮蓝色预警")).contains(WarningKind.COLD);
    assertThat(CapMapping.kind("低温")).contains(WarningKind.COLD);
    assertThat(CapMapping.kind("暴雨")).isEmpty();
  }

  /** Verifies that garbage, HTML and documents without CAP alerts are refused as unreadable. */
  @Test
  void garbageIsUnreadable() {
    for (String body :
        List.of(
            "not xml at all",
            "<html><body>502 Bad Gateway</body></html>",
            "<alert><identifier>no namespace</identifier></alert>",
            "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>")) {
      assertThat(
              catchThrowableOfType(
                  CapParser.Unreadable.class,
                  () -> CapParser.parse(body.getBytes(StandardCharsets.UTF_8))))
          .as(body)
          .isNotNull();
    }
  }

  /** Verifies that a feed's area names a registry city however the service spells it. */
  @Test
  void areaDescriptionsFindTheRegistryCity() {
    CityNames withSuffix = new CityNames(List.of("太原市", "晋中"));
    assertThat(withSuffix.findInArea("太原市小店区")).contains("太原市");
    assertThat(withSuffix.findInArea("山西省晋中市")).contains("晋中");
    assertThat(withSuffix.findInArea("西安市")).isEmpty();
  }
}
