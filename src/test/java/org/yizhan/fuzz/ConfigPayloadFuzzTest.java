package org.yizhan.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yizhan.error.Violation;
import org.yizhan.telemetry.ContractExamplePayloads;
import org.yizhan.telemetry.DeviceConfig;
import org.yizhan.telemetry.RejectedMessageException;
import org.yizhan.telemetry.TelemetryDecoder;

/**
 * Verifies that a device configuration is either accepted as one the schema accepts, PostgreSQL can
 * store and the server can publish again unchanged, or refused: with a {@link
 * RejectedMessageException} when decoded as a device reads it, with violations when an admin
 * proposes it ({@link TelemetryDecoder#configViolations}); never another exception.
 */
class ConfigPayloadFuzzTest {

  private static final TelemetryDecoder DECODER =
      new TelemetryDecoder(Clock.fixed(ContractExamplePayloads.NOW, ZoneOffset.UTC));

  static Stream<Arguments> examples() {
    return Seeds.payloads("config");
  }

  @MethodSource("examples")
  @DictionaryEntries({
    "\"version\":",
    "\"interval_s\":",
    "\"temperature_high_c\":",
    "\"temperature_low_c\":",
    "\"occupancy_report\":",
    "\"on_change\"",
    "\"periodic\"",
    "1e-300",
    "-0.0",
    "2147483647",
    "86400"
  })
  @FuzzTest
  void configIsAcceptedOrRefused(byte[] payload) {
    decoded(payload);
    proposed(new String(payload, StandardCharsets.UTF_8));
  }

  private static void decoded(byte[] payload) {
    DeviceConfig config;
    try {
      config = DECODER.decodeConfig(payload);
    } catch (RejectedMessageException e) {
      Refusals.check(e);
      return;
    }
    ContractOracle.INSTANCE.requireConfig(ContractOracle.tree(payload));
    storable(config);
    DeviceConfig again;
    try {
      again = DECODER.decodeConfig(DECODER.encodeConfig(config));
    } catch (RejectedMessageException e) {
      throw new AssertionError("the server's own encoding of " + config + " is refused", e);
    }
    if (!again.equals(config)) {
      throw new AssertionError(config + " published and read back as " + again);
    }
  }

  /** The admin's path: a config an admin proposes must be storable once it has no violations. */
  private static void proposed(String json) {
    List<Violation> violations = DECODER.configViolations(json);
    if (!violations.isEmpty()) {
      return;
    }
    JsonNode node = ContractOracle.tree(json);
    ContractOracle.INSTANCE.requireConfig(node);
    Storable.integer("version", node.get("version").numberValue());
    Storable.integer("interval_s", node.get("interval_s").numberValue());
    Storable.real("temperature_high_c", number(node, "temperature_high_c"));
    Storable.real("temperature_low_c", number(node, "temperature_low_c"));
  }

  private static void storable(DeviceConfig c) {
    Storable.real("temperature_high_c", c.temperatureHighC());
    Storable.real("temperature_low_c", c.temperatureLowC());
  }

  private static Double number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null ? null : v.doubleValue();
  }
}
