package org.yizhan.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.yizhan.device.Device;
import org.yizhan.device.DeviceRegistry;
import org.yizhan.live.DevicePresence;
import org.yizhan.telemetry.DeviceStatus;
import org.yizhan.telemetry.Reading;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.telemetry.RejectedMessageException;
import org.yizhan.telemetry.TelemetryDecoder;
import org.yizhan.telemetry.TelemetryTopic;

/**
 * What happens to a device message once it arrived, whichever way (our own MQTT endpoint or a
 * broker subscription): map the topic, check the sender may use it, decode and validate, then
 * store. The caller learns the outcome through {@link Outcome} and maps it to its protocol.
 */
public final class IngestPipeline {

  /** How the transport should answer; called exactly once per message. */
  public interface Outcome {
    /** Stored durably (or a status applied): acknowledge now. */
    void accepted();

    /** Refused for good: the device must not resend it. */
    void rejected(RejectReason reason, String detail);

    /** Not stored because the server is saturated or its database is down: do not acknowledge. */
    void busy();
  }

  private final TelemetryDecoder decoder;
  private final DeviceRegistry devices;
  private final ReadingWriter writer;
  private final RejectionLog rejections;
  private final DevicePresence presence;
  private final Clock clock;

  public IngestPipeline(
      TelemetryDecoder decoder,
      DeviceRegistry devices,
      ReadingWriter writer,
      RejectionLog rejections,
      DevicePresence presence,
      Clock clock) {
    this.decoder = decoder;
    this.devices = devices;
    this.writer = writer;
    this.rejections = rejections;
    this.presence = presence;
    this.clock = clock;
  }

  /**
   * Handles one publish.
   *
   * @param sender the authenticated device, or {@code null} when a broker authenticated it (the
   *     topic's ids are then checked against the registry instead)
   * @param onCommitted where to run {@link Outcome#accepted()} for readings: they commit on the
   *     writer thread, and transports answer on their own thread
   */
  public void handle(
      String clientId, Device sender, String topic, byte[] payload, Outcome outcome) {
    Instant now = clock.instant();
    try {
      TelemetryTopic t = TelemetryTopic.parse(topic);
      Device device = authorize(sender, t);
      switch (t.kind()) {
        case TELEMETRY -> {
          // The registry's own id strings (equal to the topic's, checked above): their hash codes
          // are computed once, not for every reading in every map it passes through.
          List<Reading> readings =
              decoder.decodeTelemetry(device.stationId(), device.id(), payload, now);
          ReadingWriter.Completion done =
              ReadingWriter.Completion.of(
                  outcome::accepted,
                  (reason, detail) -> {
                    rejections.record(clientId, device.id(), topic, reason, detail, payload);
                    outcome.rejected(reason, detail);
                  });
          if (!writer.submit(readings, done)) {
            outcome.busy();
          }
        }
        case STATUS -> {
          DeviceStatus status = decoder.decodeStatus(payload, now);
          if (status.state() == DeviceStatus.State.ONLINE) {
            presence.online(device.id(), now, status.firmware());
          } else {
            presence.offline(
                device.id(), now, status.reason() == null ? "offline" : status.reason().code());
          }
          outcome.accepted();
        }
        default ->
            throw new RejectedMessageException(
                RejectReason.NOT_AUTHORIZED, "devices may not publish to " + t.kind() + " topics");
      }
    } catch (RejectedMessageException e) {
      rejections.record(
          clientId,
          sender == null ? null : sender.id(),
          topic,
          e.reason(),
          e.getMessage(),
          payload);
      outcome.rejected(e.reason(), e.getMessage());
    }
  }

  /** Records a refusal that happened before a message could be handled (at connect, say). */
  public void recordRejection(
      String clientId,
      String deviceId,
      String topic,
      RejectReason reason,
      String detail,
      byte[] payload) {
    rejections.record(clientId, deviceId, topic, reason, detail, payload);
  }

  private Device authorize(Device sender, TelemetryTopic t) throws RejectedMessageException {
    if (sender != null) {
      if (!sender.id().equals(t.deviceId()) || !sender.stationId().equals(t.stationId())) {
        throw new RejectedMessageException(
            RejectReason.NOT_AUTHORIZED,
            "device " + sender.id() + " may publish only under its own station and device ids");
      }
      return sender;
    }
    Device d =
        devices
            .find(t.deviceId())
            .orElseThrow(
                () ->
                    new RejectedMessageException(
                        RejectReason.UNKNOWN_DEVICE, "no device " + t.deviceId()));
    // What the built-in endpoint refuses at CONNECT, refused here per message: a broker may still
    // hold a connection made before the device was disabled or its station closed.
    if (!d.isEnabled()) {
      throw new RejectedMessageException(
          RejectReason.NOT_AUTHORIZED, "device " + d.id() + " is disabled");
    }
    if (!devices.stationOpen(d.stationId())) {
      throw new RejectedMessageException(
          RejectReason.NOT_AUTHORIZED, "device " + d.id() + "'s station is closed");
    }
    if (!d.stationId().equals(t.stationId())) {
      throw new RejectedMessageException(
          RejectReason.NOT_AUTHORIZED,
          "device " + d.id() + " belongs to station " + d.stationId() + ", not " + t.stationId());
    }
    return d;
  }
}
