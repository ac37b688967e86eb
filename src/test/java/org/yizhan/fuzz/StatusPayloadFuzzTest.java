package org.yizhan.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yizhan.telemetry.ContractExamplePayloads;
import org.yizhan.telemetry.DeviceStatus;
import org.yizhan.telemetry.RejectedMessageException;
import org.yizhan.telemetry.TelemetryDecoder;

/**
 * Verifies that any status payload (birth, graceful offline, last will) is either decoded into a
 * status the contract's schema accepts and PostgreSQL can store, or refused with a {@link
 * RejectedMessageException}; never another exception.
 */
class StatusPayloadFuzzTest {

  private static final Instant NOW = ContractExamplePayloads.NOW;
  private static final TelemetryDecoder DECODER =
      new TelemetryDecoder(Clock.fixed(NOW, ZoneOffset.UTC));

  static Stream<Arguments> examples() {
    return Seeds.payloads("status");
  }

  @MethodSource("examples")
  @DictionaryEntries({
    "\"state\":",
    "\"online\"",
    "\"offline\"",
    "\"ts\":",
    "\"fw\":",
    "\"interval_s\":",
    "\"config_version\":",
    "\"reason\":",
    "\"lwt\"",
    "\"sleep\"",
    "\"low_battery\"",
    "2026-07-15T04:30:00Z",
    "0000-01-01T00:00:00Z",
    "23:59:60",
    "2147483647",
    "\\u0000"
  })
  @FuzzTest
  void payloadIsDecodedOrRefused(byte[] payload) {
    DeviceStatus status;
    try {
      status = DECODER.decodeStatus(payload, NOW);
    } catch (RejectedMessageException e) {
      Refusals.check(e);
      return;
    }
    JsonNode json = ContractOracle.tree(payload);
    ContractOracle.INSTANCE.requireStatus(json);
    if (!status.state().code().equals(json.get("state").textValue())) {
      throw new AssertionError("state " + json.get("state") + " decoded as " + status.state());
    }
    ContractOracle.sameInteger("interval_s", json.get("interval_s"), status.intervalS());
    ContractOracle.sameInteger(
        "config_version", json.get("config_version"), status.configVersion());
    Storable.integer("interval_s", status.intervalS());
    Storable.bigint("config_version", status.configVersion());
    Storable.timestamptz("ts", status.ts());
    Storable.text("fw", status.firmware());
  }
}
