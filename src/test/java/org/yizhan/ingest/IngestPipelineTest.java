package org.yizhan.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yizhan.device.Device;
import org.yizhan.device.DeviceKind;
import org.yizhan.device.DeviceRegistry;
import org.yizhan.live.DevicePresence;
import org.yizhan.station.TestStations;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.telemetry.TelemetryDecoder;

/**
 * The steps a device message goes through before storage: topic, sender, decoding, and the answer
 * the transport gives. The writer is real but not started, so accepted readings wait in its queue.
 */
class IngestPipelineTest {

  private static final Instant NOW = Instant.parse("2026-07-15T04:35:00Z");
  private static final String TELEMETRY = "yz/v1/st/st-1/dev/d-1/telemetry";
  private static final String STATUS = "yz/v1/st/st-1/dev/d-1/status";
  private static final byte[] READING =
      "{\"seq\":10453,\"ts\":\"2026-07-15T04:31:00Z\",\"occupancy\":6}".getBytes(UTF_8);
  private static final Device D1 = device("d-1", "st-1", null);

  private final DevicePresence presence = new DevicePresence();
  private final RejectionLog rejections = new RejectionLog(null, 100);
  private final ReadingWriter writer = new ReadingWriter(null, 1, 100, r -> {});
  private final Outcomes outcome = new Outcomes();

  private static Device device(String id, String station, Instant disabledAt) {
    return new Device(
        id, station, DeviceKind.PEOPLE_COUNTER, 60, null, NOW.minusSeconds(86_400), disabledAt);
  }

  private IngestPipeline pipeline(Device... known) {
    DeviceRegistry registry = DeviceRegistry.readOnly(List.of(known));
    registry.checkStationsWith(
        id ->
            id.startsWith("st-")
                ? Optional.of(TestStations.station(id, 37.87, 112.55))
                : Optional.empty());
    return new IngestPipeline(
        new TelemetryDecoder(Clock.fixed(NOW, ZoneOffset.UTC)),
        registry,
        writer,
        rejections,
        presence,
        Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** What the transport was told. */
  private static final class Outcomes implements IngestPipeline.Outcome {
    final List<String> calls = new ArrayList<>();

    @Override
    public void accepted() {
      calls.add("accepted");
    }

    @Override
    public void rejected(RejectReason reason, String detail) {
      calls.add("rejected " + reason.code() + ": " + detail);
    }

    @Override
    public void busy() {
      calls.add("busy");
    }
  }

  @Test
  void aReadingOfItsOwnDeviceWaitsForTheWriterBeforeAnyAnswer() {
    pipeline().handle("c-1", D1, TELEMETRY, READING, outcome);

    assertThat(outcome.calls).as("acknowledged only after the commit").isEmpty();
    assertThat(writer.queuedReadings()).isEqualTo(1);
    assertThat(rejections.counts().values()).containsOnly(0L);
  }

  @Test
  void aFullWriterQueueMeansBusy() {
    IngestPipeline p = pipeline();
    p.handle("c-1", D1, TELEMETRY, READING, outcome);
    p.handle("c-1", D1, TELEMETRY, READING, outcome);

    assertThat(outcome.calls).containsExactly("busy");
    assertThat(writer.queuedReadings()).isEqualTo(1);
  }

  @Test
  void aDeviceMayNotPublishUnderAnotherDevicesIds() {
    pipeline().handle("c-2", device("d-2", "st-1", null), TELEMETRY, READING, outcome);

    assertThat(outcome.calls)
        .containsExactly(
            "rejected not_authorized: device d-2 may publish only under its own station and"
                + " device ids");
    assertThat(rejections.count(RejectReason.NOT_AUTHORIZED)).isEqualTo(1);
    assertThat(writer.queuedReadings()).isZero();
  }

  @Test
  void aDeviceMayNotPublishUnderAnotherStation() {
    pipeline().handle("c-1", device("d-1", "st-2", null), TELEMETRY, READING, outcome);

    assertThat(outcome.calls).singleElement().asString().startsWith("rejected not_authorized");
  }

  @Test
  void devicesMayNotPublishConfigurations() {
    pipeline().handle("c-1", D1, "yz/v1/st/st-1/dev/d-1/config", READING, outcome);

    assertThat(outcome.calls)
        .containsExactly("rejected not_authorized: devices may not publish to CONFIG topics");
    assertThat(rejections.count(RejectReason.NOT_AUTHORIZED)).isEqualTo(1);
  }

  @Test
  void aBrokerDeliveredReadingIsCheckedAgainstTheRegistry() {
    pipeline(D1).handle(null, null, TELEMETRY, READING, outcome);

    assertThat(outcome.calls).isEmpty();
    assertThat(writer.queuedReadings()).isEqualTo(1);
  }

  @Test
  void aBrokerDeliveredReadingOfAnUnknownDeviceIsRefusedAsUnknown() {
    pipeline().handle(null, null, TELEMETRY, READING, outcome);

    assertThat(outcome.calls).containsExactly("rejected unknown_device: no device d-1");
    assertThat(rejections.count(RejectReason.UNKNOWN_DEVICE)).isEqualTo(1);
    assertThat(writer.queuedReadings()).isZero();
  }

  /**
   * Verifies that a broker-delivered reading of a disabled device, or of one whose station is
   * closed, is refused as the built-in endpoint refuses it at CONNECT: not authorized.
   */
  @Test
  void aBrokerDeliveredReadingOfADisabledDeviceOrAClosedStationsIsRefusedNotAuthorized() {
    pipeline(device("d-1", "st-1", NOW.minusSeconds(60)))
        .handle(null, null, TELEMETRY, READING, outcome);
    // The test's station lookup knows only ids starting "st-": this station is gone, as if closed.
    pipeline(device("d-1", "gone-1", null))
        .handle(null, null, "yz/v1/st/gone-1/dev/d-1/telemetry", READING, outcome);

    assertThat(outcome.calls)
        .containsExactly(
            "rejected not_authorized: device d-1 is disabled",
            "rejected not_authorized: device d-1's station is closed");
    assertThat(rejections.count(RejectReason.NOT_AUTHORIZED)).isEqualTo(2);
    assertThat(writer.queuedReadings()).isZero();
  }

  @Test
  void aBrokerDeliveredReadingUnderTheWrongStationIsRefused() {
    pipeline(device("d-1", "st-2", null)).handle(null, null, TELEMETRY, READING, outcome);

    assertThat(outcome.calls)
        .containsExactly("rejected not_authorized: device d-1 belongs to station st-2, not st-1");
  }

  @Test
  void aMalformedPayloadIsRefusedAndRecorded() {
    pipeline().handle("c-1", D1, TELEMETRY, "{".getBytes(UTF_8), outcome);

    assertThat(outcome.calls).singleElement().asString().startsWith("rejected malformed_json");
    assertThat(rejections.count(RejectReason.MALFORMED_JSON)).isEqualTo(1);
  }

  @Test
  void aBirthSaysOnlineWithItsFirmwareAndIsAcknowledged() {
    pipeline()
        .handle(
            "c-1",
            D1,
            STATUS,
            "{\"state\":\"online\",\"ts\":\"2026-07-15T04:34:00Z\",\"fw\":\"1.4.2\",\"interval_s\":60}"
                .getBytes(UTF_8),
            outcome);

    assertThat(outcome.calls).containsExactly("accepted");
    assertThat(presence.find("d-1").orElseThrow())
        .isEqualTo(new DevicePresence.Presence("d-1", true, NOW, "birth", "1.4.2"));
  }

  @Test
  void aGracefulOfflineKeepsItsReason() {
    pipeline()
        .handle(
            "c-1",
            D1,
            STATUS,
            "{\"state\":\"offline\",\"ts\":\"2026-07-15T04:34:00Z\",\"reason\":\"sleep\"}"
                .getBytes(UTF_8),
            outcome);

    assertThat(outcome.calls).containsExactly("accepted");
    assertThat(presence.find("d-1").orElseThrow())
        .isEqualTo(new DevicePresence.Presence("d-1", false, NOW, "sleep", null));
  }

  @Test
  void aRefusalBeforeHandlingIsRecorded() {
    pipeline().recordRejection("c-1", "d-1", null, RejectReason.BAD_CREDENTIALS, "wrong", null);

    assertThat(rejections.count(RejectReason.BAD_CREDENTIALS)).isEqualTo(1);
  }
}
