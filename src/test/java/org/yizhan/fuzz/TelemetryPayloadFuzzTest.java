package org.yizhan.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yizhan.telemetry.ContractExamplePayloads;
import org.yizhan.telemetry.Reading;
import org.yizhan.telemetry.RejectedMessageException;
import org.yizhan.telemetry.TelemetryDecoder;

/**
 * Verifies that any telemetry payload is either decoded into readings that the contract's schema
 * accepts and PostgreSQL can store, or refused with a {@link RejectedMessageException}; never
 * another exception.
 */
class TelemetryPayloadFuzzTest {

  private static final Instant NOW = ContractExamplePayloads.NOW;
  private static final TelemetryDecoder DECODER =
      new TelemetryDecoder(Clock.fixed(NOW, ZoneOffset.UTC));

  static Stream<Arguments> examples() {
    return Seeds.payloads("telemetry");
  }

  @MethodSource("examples")
  @DictionaryEntries({
    "\"seq\":",
    "\"ts\":",
    "\"occupancy\":",
    "\"entries\":",
    "\"exits\":",
    "\"temperature_c\":",
    "\"humidity_pct\":",
    "\"battery_pct\":",
    "\"rssi_dbm\":",
    "\"fw\":",
    "\"readings\":",
    "2026-07-15T04:30:00Z",
    "2026-07-15T04:30:00.123456789Z",
    "1e-300",
    "-0.0",
    "4.9e-324",
    "1E2",
    "9007199254740991",
    "4294967295",
    "\\u0000"
  })
  @FuzzTest
  void payloadIsDecodedOrRefused(byte[] payload) {
    List<Reading> readings;
    try {
      readings = DECODER.decodeTelemetry("sx-ty-00001", "d-0001", payload, NOW);
    } catch (RejectedMessageException e) {
      Refusals.check(e);
      return;
    }
    JsonNode json = ContractOracle.tree(payload);
    ContractOracle.INSTANCE.requireTelemetry(json);
    JsonNode batch = json.get("readings");
    int expected = batch == null ? 1 : batch.size();
    if (readings.size() != expected) {
      throw new AssertionError(expected + " readings sent, " + readings.size() + " decoded");
    }
    for (int i = 0; i < readings.size(); i++) {
      check(readings.get(i), batch == null ? json : batch.get(i));
    }
  }

  private static void check(Reading r, JsonNode sent) {
    ContractOracle.sameInteger("seq", sent.get("seq"), r.seq());
    ContractOracle.sameInteger("occupancy", sent.get("occupancy"), r.occupancy());
    ContractOracle.sameInteger("entries", sent.get("entries"), r.entries());
    ContractOracle.sameInteger("exits", sent.get("exits"), r.exits());
    ContractOracle.sameInteger("battery_pct", sent.get("battery_pct"), r.batteryPct());
    ContractOracle.sameInteger("rssi_dbm", sent.get("rssi_dbm"), r.rssiDbm());
    Storable.bigint("seq", r.seq());
    Storable.integer("occupancy", r.occupancy());
    Storable.bigint("entries", r.entries());
    Storable.bigint("exits", r.exits());
    Storable.real("temperature_c", r.temperatureC());
    Storable.real("humidity_pct", r.humidityPct());
    Storable.smallint("battery_pct", r.batteryPct());
    Storable.smallint("rssi_dbm", r.rssiDbm());
    Storable.timestamptz("ts", r.time());
    Storable.text("fw", r.firmware());
    if (r.time().isAfter(NOW.plus(TelemetryDecoder.MAX_FUTURE_SKEW))
        || r.time().isBefore(NOW.minus(TelemetryDecoder.BACKFILL_WINDOW))) {
      throw new AssertionError("ts " + r.time() + " is outside the clock rules");
    }
  }
}
