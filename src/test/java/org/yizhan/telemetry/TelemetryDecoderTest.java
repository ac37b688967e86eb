package org.yizhan.telemetry;

import static java.nio.charset.StandardCharsets.UTF_16BE;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TelemetryDecoderTest {

  private static final Instant NOW = Instant.parse("2026-07-15T04:35:00Z");
  private static final Instant RECEIVED = NOW.minusMillis(3);
  private static final TelemetryDecoder DECODER =
      new TelemetryDecoder(Clock.fixed(NOW, ZoneOffset.UTC));

  private static List<Reading> decode(String json) throws RejectedMessageException {
    return DECODER.decodeTelemetry("sx-ty-00001", "d-0001", json.getBytes(UTF_8), RECEIVED);
  }

  private static String reading(String ts) {
    return "{\"seq\":1,\"ts\":\"" + ts + "\",\"occupancy\":2}";
  }

  private static void assertRejected(String json, RejectReason reason, String detailPart) {
    assertRejected(json.getBytes(UTF_8), reason, detailPart);
  }

  private static void assertRejected(byte[] payload, RejectReason reason, String detailPart) {
    assertThatThrownBy(() -> DECODER.decodeTelemetry("s", "d", payload, RECEIVED))
        .isInstanceOfSatisfying(
            RejectedMessageException.class,
            e -> {
              assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(detailPart).hasSizeLessThanOrEqualTo(300);
            });
  }

  @Test
  void batchMapsEveryFieldInMessageOrder() throws RejectedMessageException {
    List<Reading> readings =
        decode(
            """
            {"readings": [
              {"seq": 9007199254740991, "ts": "2026-07-15T04:20:00Z", "occupancy": 7,
               "entries": 4294967295, "exits": 0, "temperature_c": -12.5, "humidity_pct": 62,
               "battery_pct": 87, "rssi_dbm": -140, "fw": "1.4.2"},
              {"seq": 12, "ts": "2026-07-15T04:10:00Z", "temperature_c": 31.5},
              {"seq": 13, "ts": "2026-07-15T04:30:00Z", "rssi_dbm": 0}
            ]}""");

    assertThat(readings)
        .containsExactly(
            new Reading(
                "sx-ty-00001",
                "d-0001",
                9007199254740991L,
                Instant.parse("2026-07-15T04:20:00Z"),
                7,
                4294967295L,
                0L,
                -12.5,
                62.0,
                87,
                -140,
                "1.4.2",
                RECEIVED,
                true,
                0),
            new Reading(
                "sx-ty-00001",
                "d-0001",
                12,
                Instant.parse("2026-07-15T04:10:00Z"),
                null,
                null,
                null,
                31.5,
                null,
                null,
                null,
                null,
                RECEIVED,
                true,
                0),
            new Reading(
                "sx-ty-00001",
                "d-0001",
                13,
                Instant.parse("2026-07-15T04:30:00Z"),
                null,
                null,
                null,
                null,
                null,
                null,
                0,
                null,
                RECEIVED,
                true,
                0));
  }

  @Test
  void fractionalSecondsAreKeptToTheMicrosecond() throws RejectedMessageException {
    assertThat(decode(reading("2026-07-15T04:32:10.250Z")).get(0).time())
        .isEqualTo(Instant.parse("2026-07-15T04:32:10.250Z"));
    assertThat(decode(reading("2026-07-15T04:32:10.5Z")).get(0).time())
        .isEqualTo(Instant.parse("2026-07-15T04:32:10.500Z"));
    assertThat(decode(reading("2026-07-15T04:32:10.123456789Z")).get(0).time())
        .isEqualTo(Instant.parse("2026-07-15T04:32:10.123456Z"));
    assertRejected(
        reading("2026-07-15T04:32:10.1234567891Z"), RejectReason.SCHEMA_VIOLATION, "$.ts");
    assertRejected(reading("2026-07-15T04:32:10.Z"), RejectReason.SCHEMA_VIOLATION, "$.ts");
  }

  @Test
  void futureSkewEdge() throws RejectedMessageException {
    assertThat(decode(reading("2026-07-15T04:40:00Z"))).hasSize(1);
    assertRejected(
        reading("2026-07-15T04:40:00.000000001Z"),
        RejectReason.FUTURE_TIMESTAMP,
        "$.ts 2026-07-15T04:40:00.000000001Z is more than 5 minutes ahead");
  }

  @Test
  void backfillWindowEdge() throws RejectedMessageException {
    assertThat(decode(reading("2026-07-08T04:35:00Z"))).hasSize(1);
    assertRejected(
        reading("2026-07-08T04:34:59.999999999Z"),
        RejectReason.TOO_OLD,
        "$.ts 2026-07-08T04:34:59.999999999Z is older than the 7-day backfill window");
  }

  @Test
  void clockRulesUseTheClockNotTheReceiveTime() throws RejectedMessageException {
    TelemetryDecoder later =
        new TelemetryDecoder(Clock.fixed(NOW.plusSeconds(3600), ZoneOffset.UTC));
    byte[] payload = reading("2026-07-15T05:40:00Z").getBytes(UTF_8);
    assertThat(later.decodeTelemetry("s", "d", payload, RECEIVED)).hasSize(1);
  }

  @Test
  void payloadLimitIsSixteenKibibytes() throws RejectedMessageException {
    byte[] json = reading("2026-07-15T04:30:00Z").getBytes(UTF_8);
    byte[] atLimit = Arrays.copyOf(json, TelemetryDecoder.MAX_PAYLOAD_BYTES);
    Arrays.fill(atLimit, json.length, atLimit.length, (byte) ' ');
    assertThat(DECODER.decodeTelemetry("s", "d", atLimit, RECEIVED)).hasSize(1);

    byte[] over = Arrays.copyOf(atLimit, TelemetryDecoder.MAX_PAYLOAD_BYTES + 1);
    over[over.length - 1] = ' ';
    assertRejected(over, RejectReason.PAYLOAD_TOO_LARGE, "16385 bytes");
  }

  @Test
  void limitsAgreeWithTheSchemaFiles() throws Exception {
    try (InputStream in =
        getClass().getResourceAsStream("/firmware-contracts/schemas/telemetry.schema.json")) {
      JsonNode schema = new ObjectMapper().readTree(in);
      assertThat(schema.at("/$defs/batch/properties/readings/maxItems").intValue())
          .isEqualTo(TelemetryDecoder.MAX_BATCH);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "nul", "{", "{\"seq\":1}}", "{'seq':1}", "{\"a\":NaN}"})
  void malformedJson(String text) {
    assertRejected(text, RejectReason.MALFORMED_JSON, "");
  }

  @Test
  void onlyUtf8WithoutByteOrderMark() {
    String json = reading("2026-07-15T04:30:00Z");
    byte[] bom = new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] withBom = Arrays.copyOf(bom, 3 + json.length());
    System.arraycopy(json.getBytes(UTF_8), 0, withBom, 3, json.length());
    assertRejected(withBom, RejectReason.MALFORMED_JSON, "UTF-8");
    assertRejected(json.getBytes(UTF_16BE), RejectReason.MALFORMED_JSON, "UTF-8");
    byte[] badByte = json.getBytes(UTF_8);
    badByte[json.indexOf("occupancy")] = (byte) 0xC3;
    assertRejected(badByte, RejectReason.MALFORMED_JSON, "UTF-8");
  }

  @Test
  void nonObjectsAreSchemaViolations() {
    assertRejected("null", RejectReason.SCHEMA_VIOLATION, "$: null found, object expected");
    assertRejected("[1,2]", RejectReason.SCHEMA_VIOLATION, "$: array found, object expected");
  }

  @Test
  void detailNamesAFewErrorsAndStaysShort() {
    StringBuilder bad = new StringBuilder("{\"seq\":-1,\"ts\":\"yesterday\"");
    for (int i = 0; i < 30; i++) {
      bad.append(",\"unknown_field_number_").append(i).append("\":1");
    }
    assertRejected(bad.append('}').toString(), RejectReason.SCHEMA_VIOLATION, "more");
  }

  @Test
  void oneDecoderServesManyThreads() throws Exception {
    List<String> payloads =
        List.of(
            reading("2026-07-15T04:30:00Z"),
            "{\"readings\":["
                + reading("2026-07-15T04:30:00Z")
                + ","
                + reading("2026-07-15T04:31:00Z")
                + "]}",
            "{\"seq\":1,\"ts\":\"2026-07-15T04:30:00Z\",\"temperature_c\":99}",
            reading("2026-07-15T06:30:00Z"));
    List<String> expected = new ArrayList<>();
    for (String p : payloads) {
      expected.add(outcome(p));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        results.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 500; i++) {
                    int k = i % payloads.size();
                    if (!outcome(payloads.get(k)).equals(expected.get(k))) {
                      return false;
                    }
                  }
                  return true;
                }));
      }
      for (Future<Boolean> r : results) {
        assertThat(r.get(1, TimeUnit.MINUTES)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static String outcome(String json) {
    try {
      return decode(json).toString();
    } catch (RejectedMessageException e) {
      return e.reason() + " " + e.getMessage();
    }
  }
}
