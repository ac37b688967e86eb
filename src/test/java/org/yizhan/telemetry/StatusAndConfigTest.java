package org.yizhan.telemetry;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Status messages from devices and configuration messages to them. */
class StatusAndConfigTest {

  private static final Instant NOW = Instant.parse("2026-07-15T04:35:00Z");
  private static final Instant RECEIVED = NOW.minusMillis(3);
  private static final TelemetryDecoder DECODER =
      new TelemetryDecoder(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void statusBirthAndWill() throws RejectedMessageException {
    DeviceStatus birth =
        DECODER.decodeStatus(
            "{\"state\":\"online\",\"ts\":\"1970-01-01T00:00:05Z\",\"fw\":\"1.4.2\",\"interval_s\":60,\"config_version\":3}"
                .getBytes(UTF_8),
            RECEIVED);
    // A status ts is informative: a device with an unset clock may still say it is online.
    assertThat(birth)
        .isEqualTo(
            new DeviceStatus(
                DeviceStatus.State.ONLINE,
                Instant.parse("1970-01-01T00:00:05Z"),
                "1.4.2",
                60,
                3L,
                null,
                RECEIVED));
    DeviceStatus will =
        DECODER.decodeStatus("{\"state\":\"offline\",\"reason\":\"lwt\"}".getBytes(UTF_8), NOW);
    assertThat(will.isLastWill()).isTrue();
    assertThat(will.ts()).isNull();
    assertThat(will.reason()).isEqualTo(DeviceStatus.OfflineReason.LWT);
  }

  @Test
  void statusOnlineMustNotCarryAReason() {
    assertThatThrownBy(
            () ->
                DECODER.decodeStatus(
                    "{\"state\":\"online\",\"ts\":\"2026-07-15T04:30:00Z\",\"fw\":\"1\",\"interval_s\":60,\"reason\":\"sleep\"}"
                        .getBytes(UTF_8),
                    NOW))
        .isInstanceOf(RejectedMessageException.class);
  }

  @Test
  void encodedConfigIsValidAgainstTheSchemaFile() throws RejectedMessageException {
    DeviceConfig config =
        new DeviceConfig(3, 60, 30.0, 12.0, DeviceConfig.OccupancyReport.ON_CHANGE);
    byte[] payload = DECODER.encodeConfig(config);
    JsonNode node = readTree(payload);
    assertThat(new ContractSchemas().load(ContractSchemas.CONFIG).validate(node)).isEmpty();
    assertThat(new String(payload, UTF_8))
        .isEqualTo(
            "{\"version\":3,\"interval_s\":60,\"temperature_high_c\":30.0,"
                + "\"temperature_low_c\":12.0,\"occupancy_report\":\"on_change\"}");
    assertThat(DECODER.decodeConfig(payload)).isEqualTo(config);

    DeviceConfig bare = new DeviceConfig(1, 300, null, null, DeviceConfig.OccupancyReport.PERIODIC);
    assertThat(new String(DECODER.encodeConfig(bare), UTF_8))
        .isEqualTo("{\"version\":1,\"interval_s\":300,\"occupancy_report\":\"periodic\"}");
  }

  @Test
  void configOutsideTheContractIsNotEncoded() {
    assertThatThrownBy(
            () ->
                DECODER.encodeConfig(
                    new DeviceConfig(0, 60, null, null, DeviceConfig.OccupancyReport.PERIODIC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.version");
    assertThatThrownBy(
            () ->
                DECODER.encodeConfig(
                    new DeviceConfig(1, 4, null, 90.0, DeviceConfig.OccupancyReport.PERIODIC)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.interval_s")
        .hasMessageContaining("$.temperature_low_c");
    assertThatThrownBy(
            () -> new DeviceConfig(1, 60, 12.0, 12.0, DeviceConfig.OccupancyReport.PERIODIC))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static JsonNode readTree(byte[] payload) {
    try {
      return new ObjectMapper().readTree(payload);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
