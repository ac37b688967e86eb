package org.yizhan.ingest.internal;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.util.ArrayList;
import java.util.List;
import org.yizhan.device.Device;
import org.yizhan.ingest.IngestPipeline;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.telemetry.TelemetryTopic;

/**
 * A device's one permitted subscription, its config topic: SUBACKs, and the configuration sent on
 * subscribe and on every change while the device is connected.
 */
final class DeviceSubscription {

  private final MqttEndpoint endpoint;
  private final Device device;
  private final IngestPipeline pipeline;
  private final DeviceConnection.ConfigSource configs;

  /** Whether the device has subscribed to its config topic; only then is config sent to it. */
  private volatile boolean configSubscribed;

  DeviceSubscription(
      MqttEndpoint endpoint,
      Device device,
      IngestPipeline pipeline,
      DeviceConnection.ConfigSource configs) {
    this.endpoint = endpoint;
    this.device = device;
    this.pipeline = pipeline;
    this.configs = configs;
  }

  void onSubscribe(MqttSubscribeMessage m) {
    boolean v5 = endpoint.protocolVersion() == 5;
    String own = TelemetryTopic.config(device.stationId(), device.id());
    List<MqttSubAckReasonCode> codes = new ArrayList<>();
    boolean wantsConfig = false;
    for (var s : m.topicSubscriptions()) {
      if (own.equals(s.topicName())) {
        wantsConfig = true;
        codes.add(
            s.qualityOfService() == MqttQoS.AT_MOST_ONCE
                ? MqttSubAckReasonCode.GRANTED_QOS0
                : MqttSubAckReasonCode.GRANTED_QOS1);
      } else {
        pipeline.recordRejection(
            endpoint.clientIdentifier(),
            device.id(),
            s.topicName(),
            RejectReason.NOT_AUTHORIZED,
            "devices may subscribe only to " + own,
            null);
        // MQTT 3.1.1 knows only 0x80 for a refused subscription.
        codes.add(
            v5 ? MqttSubAckReasonCode.NOT_AUTHORIZED : MqttSubAckReasonCode.UNSPECIFIED_ERROR);
      }
    }
    endpoint.subscribeAcknowledge(m.messageId(), codes, new MqttProperties());
    if (wantsConfig) {
      configSubscribed = true;
      send();
    }
  }

  /** Sends the configuration on the connection's context if subscribed; returns whether it is. */
  boolean pushConfig(Context context) {
    if (!configSubscribed) {
      return false;
    }
    context.runOnContext(v -> send());
    return true;
  }

  /** Publishes the device's current configuration, retained, if it has one and is connected. */
  private void send() {
    if (!endpoint.isConnected()) {
      return;
    }
    configs
        .configFor(device)
        .ifPresent(
            buf ->
                endpoint.publish(
                    TelemetryTopic.config(device.stationId(), device.id()),
                    buf,
                    MqttQoS.AT_LEAST_ONCE,
                    false,
                    true));
  }
}
