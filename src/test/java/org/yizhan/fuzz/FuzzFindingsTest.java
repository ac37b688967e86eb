package org.yizhan.fuzz;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Inputs on which a fuzz target's property failed (found by the fuzzer, or written from issue 13's
 * defects), replayed through the same target so each stays fixed. See docs/fuzzing.md.
 */
class FuzzFindingsTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void telemetryWithATemperatureRealCannotHoldIsRefused() {
    byte[] payload =
        utf8(
            "{\"seq\":88,\"ts\":\"2026-07-15T04:32:00Z\",\"temperature_c\":-12.51e-300,"
                + "\"humidity_pct\":41.3,\"rssi_dbm\":-58}");
    assertThatCode(() -> new TelemetryPayloadFuzzTest().payloadIsDecodedOrRefused(payload))
        .doesNotThrowAnyException();
  }

  @Test
  void telemetryWithAHumidityRealCannotHoldIsRefused() {
    byte[] payload =
        utf8(
            "{\"readings\":[{\"seq\":2,\"ts\":\"2026-07-15T04:30:00Z\",\"humidity_pct\":1e-300}]}");
    assertThatCode(() -> new TelemetryPayloadFuzzTest().payloadIsDecodedOrRefused(payload))
        .doesNotThrowAnyException();
  }

  @Test
  void configWithAThresholdRealCannotHoldIsRefused() {
    byte[] payload =
        utf8(
            "{\"version\":2,\"interval_s\":60,\"temperature_high_c\":1e-300,"
                + "\"occupancy_report\":\"periodic\"}");
    assertThatCode(() -> new ConfigPayloadFuzzTest().configIsAcceptedOrRefused(payload))
        .doesNotThrowAnyException();
  }

  @Test
  void topicRefusalDetailHasNoControlCharacters() {
    byte[] topic =
        Base64.getDecoder()
            .decode(
                "eXovdjEvc3Qvc3gtdHktIzAAAFVVVVVVVVVVVVVVVVVVVVVVwsLCwsLCwoKCgsLCwsLCwsLCwlVVVVVV"
                    + "VVVVVVVVVVVVVVVVVQAwWzEvZGV2L2N0L3M=");
    assertThatCode(() -> new TopicFuzzTest().topicIsParsedOrRefused(topic))
        .doesNotThrowAnyException();
  }

  @Test
  void hexadecimalFloatInTheQueryIsRefused() {
    assertThatCode(() -> new QueryParamsFuzzTest().queryIsReadOrRefused(utf8("lat=0x1p3&lon=1")))
        .doesNotThrowAnyException();
  }

  @Test
  void fullWidthDigitsInTheQueryAreRefused() {
    assertThatCode(() -> new QueryParamsFuzzTest().queryIsReadOrRefused(utf8("limit=%EF%BC%95")))
        .doesNotThrowAnyException();
  }

  @Test
  void nulInACsvStationNameIsRefused() {
    byte[] csv =
        utf8(
            "name_zh,kind,lat,lon,capacity,opening_hours\n"
                + "驿\u0000站,urban_rest_station,37.5,112.5,8,24/7\n");
    assertThatCode(() -> new StationCsvImportFuzzTest().fileIsImportedOrRefused(csv))
        .doesNotThrowAnyException();
  }

  @Test
  void nulInAGeoJsonStationNameIsRefused() {
    byte[] json =
        utf8(
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[112.5,37.5]},"
                + "\"properties\":{\"name_zh\":\"驿\\u0000站\",\"kind\":\"urban_rest_station\","
                + "\"capacity\":8,\"opening_hours\":\"24/7\"}}]}");
    assertThatCode(() -> new StationGeoJsonImportFuzzTest().fileIsImportedOrRefused(json))
        .doesNotThrowAnyException();
  }

  @Test
  void nulInStatusFirmwareIsRefused() {
    byte[] status =
        utf8(
            "{\"state\":\"online\",\"ts\":\"2026-07-15T04:30:00Z\",\"fw\":\"1.4\\u0000\","
                + "\"interval_s\":60}");
    assertThatCode(() -> new StatusPayloadFuzzTest().payloadIsDecodedOrRefused(status))
        .doesNotThrowAnyException();
  }

  @Test
  void configWithAnInfiniteNumberInAnEnumFieldGetsViolations() {
    byte[] payload =
        utf8("{\"vee_high_c\":30,\"occupancy_report\":121474836e472,\"y_1e-300\":\"on_change\"}");
    assertThatCode(() -> new ConfigPayloadFuzzTest().configIsAcceptedOrRefused(payload))
        .doesNotThrowAnyException();
  }

  @Test
  void deviceConfigWithAnInfiniteNumberInAnEnumFieldIsRefused() {
    byte[] payload = utf8("{\"version\":1,\"interval_s\":60,\"occupancy_report\":1e400}");
    assertThatCode(() -> new ConfigPayloadFuzzTest().configIsAcceptedOrRefused(payload))
        .doesNotThrowAnyException();
  }

  @Test
  void statusWithAnInfiniteNumberInAnEnumFieldIsRefused() {
    byte[] payload = utf8("{\"reason\":94e21474836476}");
    assertThatCode(() -> new StatusPayloadFuzzTest().payloadIsDecodedOrRefused(payload))
        .doesNotThrowAnyException();
  }

  @Test
  void controlCharactersAroundAQueryNumberAreRefused() {
    byte[] query = utf8("lat=37.87\u0000\u0000\u0000\u0000&lon=112.5");
    assertThatCode(() -> new QueryParamsFuzzTest().queryIsReadOrRefused(query))
        .doesNotThrowAnyException();
  }
}
