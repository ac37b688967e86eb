package org.yizhan.fuzz;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Inputs on which a fuzz target's property failed, replayed through the same target so each stays
 * fixed. A test is disabled while its defect is open; the reason names the defect (issue 13) and
 * whether the fuzzer found it or it was written from the issue. Remove {@code @Disabled} with the
 * fix.
 */
class FuzzFindingsTest {

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  @Disabled(
      "open defect (issue 13, item 1; found by TelemetryPayloadFuzzTest, 1e-300 is in its"
          + " dictionary): temperature_c -12.51e-300 passes the decoder and then fails"
          + " PostgreSQL's real column")
  void telemetryWithATemperatureRealCannotHoldIsRefused() {
    byte[] payload =
        utf8(
            "{\"seq\":88,\"ts\":\"2026-07-15T04:32:00Z\",\"temperature_c\":-12.51e-300,"
                + "\"humidity_pct\":41.3,\"rssi_dbm\":-58}");
    assertThatCode(() -> new TelemetryPayloadFuzzTest().payloadIsDecodedOrRefused(payload))
        .doesNotThrowAnyException();
  }

  @Test
  @Disabled(
      "open defect (issue 13, item 1; written from the issue): humidity_pct 1e-300 passes the"
          + " decoder and then fails PostgreSQL's real column")
  void telemetryWithAHumidityRealCannotHoldIsRefused() {
    byte[] payload =
        utf8(
            "{\"readings\":[{\"seq\":2,\"ts\":\"2026-07-15T04:30:00Z\",\"humidity_pct\":1e-300}]}");
    assertThatCode(() -> new TelemetryPayloadFuzzTest().payloadIsDecodedOrRefused(payload))
        .doesNotThrowAnyException();
  }

  @Test
  @Disabled(
      "open defect (issue 13, item 1; written from the issue): a config with temperature_high_c"
          + " 1e-300 has no violations, then fails device_config's real column (HTTP 500)")
  void configWithAThresholdRealCannotHoldIsRefused() {
    byte[] payload =
        utf8(
            "{\"version\":2,\"interval_s\":60,\"temperature_high_c\":1e-300,"
                + "\"occupancy_report\":\"periodic\"}");
    assertThatCode(() -> new ConfigPayloadFuzzTest().configIsAcceptedOrRefused(payload))
        .doesNotThrowAnyException();
  }

  @Test
  @Disabled(
      "open defect (found by TopicFuzzTest): the refusal detail keeps C1 control characters"
          + " (U+0080-U+009F); TelemetryTopic.printable strips only ASCII controls (\\p{Cntrl})")
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
  @Disabled(
      "open defect (issue 13, item 7; written from the issue): lat=0x1p3 (a hexadecimal float)"
          + " is read as 8.0")
  void hexadecimalFloatInTheQueryIsRefused() {
    assertThatCode(() -> new QueryParamsFuzzTest().queryIsReadOrRefused(utf8("lat=0x1p3&lon=1")))
        .doesNotThrowAnyException();
  }

  @Test
  @Disabled(
      "open defect (issue 13, item 7; written from the issue): limit=%EF%BC%95 (a full-width"
          + " digit 5) is read as 5 by Long.parseLong")
  void fullWidthDigitsInTheQueryAreRefused() {
    assertThatCode(() -> new QueryParamsFuzzTest().queryIsReadOrRefused(utf8("limit=%EF%BC%95")))
        .doesNotThrowAnyException();
  }

  @Test
  @Disabled(
      "open defect (issue 13, item 7; written from the issue): a NUL in a station name is"
          + " accepted by the CSV import, and PostgreSQL's text refuses it")
  void nulInACsvStationNameIsRefused() {
    byte[] csv =
        utf8(
            "name_zh,kind,lat,lon,capacity,opening_hours\n"
                + "驿\u0000站,urban_rest_station,37.5,112.5,8,24/7\n");
    assertThatCode(() -> new StationCsvImportFuzzTest().fileIsImportedOrRefused(csv))
        .doesNotThrowAnyException();
  }

  @Test
  @Disabled(
      "open defect (issue 13, item 7; written from the issue): a NUL in a station name is"
          + " accepted by the GeoJSON import, and PostgreSQL's text refuses it")
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
  @Disabled(
      "open defect (written while fuzzing, then found by StatusPayloadFuzzTest): a NUL in a"
          + " status message's fw passes the decoder,"
          + " and device.firmware (text) refuses it")
  void nulInStatusFirmwareIsRefused() {
    byte[] status =
        utf8(
            "{\"state\":\"online\",\"ts\":\"2026-07-15T04:30:00Z\",\"fw\":\"1.4\\u0000\","
                + "\"interval_s\":60}");
    assertThatCode(() -> new StatusPayloadFuzzTest().payloadIsDecodedOrRefused(status))
        .doesNotThrowAnyException();
  }

  @Test
  @Disabled(
      "open defect (found by ConfigPayloadFuzzTest): a number beyond double's range in an enum"
          + " field makes the schema validator throw NumberFormatException out of configViolations"
          + " (networknt EnumValidator -> DoubleNode.decimalValue of Infinity)")
  void configWithAnInfiniteNumberInAnEnumFieldGetsViolations() {
    byte[] payload =
        utf8("{\"vee_high_c\":30,\"occupancy_report\":121474836e472,\"y_1e-300\":\"on_change\"}");
    assertThatCode(() -> new ConfigPayloadFuzzTest().configIsAcceptedOrRefused(payload))
        .doesNotThrowAnyException();
  }

  @Test
  @Disabled(
      "open defect (written from the ConfigPayloadFuzzTest finding): a device config payload"
          + " with an infinite number in occupancy_report throws NumberFormatException in"
          + " decodeConfig instead of a refusal")
  void deviceConfigWithAnInfiniteNumberInAnEnumFieldIsRefused() {
    byte[] payload = utf8("{\"version\":1,\"interval_s\":60,\"occupancy_report\":1e400}");
    assertThatCode(() -> new ConfigPayloadFuzzTest().configIsAcceptedOrRefused(payload))
        .doesNotThrowAnyException();
  }

  @Test
  @Disabled(
      "open defect (found by StatusPayloadFuzzTest): a status payload with a number beyond"
          + " double's range in reason (or state) throws NumberFormatException in decodeStatus,"
          + " which IngestPipeline.handle does not catch, instead of a schema_violation refusal")
  void statusWithAnInfiniteNumberInAnEnumFieldIsRefused() {
    byte[] payload = utf8("{\"reason\":94e21474836476}");
    assertThatCode(() -> new StatusPayloadFuzzTest().payloadIsDecodedOrRefused(payload))
        .doesNotThrowAnyException();
  }

  @Test
  @Disabled(
      "open defect (issue 13, item 7; found by QueryParamsFuzzTest): Double.parseDouble skips"
          + " leading and trailing control characters, so lat=37.87%00%00 is read as 37.87")
  void controlCharactersAroundAQueryNumberAreRefused() {
    byte[] query = utf8("lat=37.87\u0000\u0000\u0000\u0000&lon=112.5");
    assertThatCode(() -> new QueryParamsFuzzTest().queryIsReadOrRefused(query))
        .doesNotThrowAnyException();
  }
}
