package org.yizhan.ingest.internal;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption.RetainedHandlingPolicy;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.MqttUnsubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttUnsubAckReasonCode;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.device.Device;
import org.yizhan.ingest.IngestPipeline;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.telemetry.TelemetryTopic;

/**
 * A device's one permitted subscription, its config topic: SUBACKs and UNSUBACKs, and the
 * configuration sent on subscribe and on every change while the device is subscribed.
 *
 * <p>The configuration is always complete, so a newer one replaces an older one not yet sent: at
 * most one config PUBLISH is unacknowledged at a time, which keeps within any Receive Maximum of
 * the client [MQTT-3.3.4-9], and a change made meanwhile goes out once that one is acknowledged.
 * All methods but {@link #pushConfig} run on the connection's context.
 */
final class DeviceSubscription {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceSubscription.class);

  private final MqttEndpoint endpoint;
  private final String clientId;
  private final Device device;
  private final IngestPipeline pipeline;
  private final DeviceConnection.ConfigSource configs;
  private final ClientLimits client;
  private final String topic;
  private final boolean v5;

  /** Whether the device is subscribed to its config topic; only then is config sent to it. */
  private volatile boolean subscribed;

  private MqttQoS grantedQos = MqttQoS.AT_LEAST_ONCE;
  private boolean retainAsPublished;
  private int subscriptionId;

  /** The packet id of the config PUBLISH awaiting its PUBACK; 0 when none is. */
  private int inFlight;

  /** Whether a configuration waits for the one in flight to be acknowledged. */
  private boolean waiting;

  /** The RETAIN flag the waiting configuration goes out with. */
  private boolean waitingRetain;

  private int lastPacketId;

  DeviceSubscription(
      MqttEndpoint endpoint,
      String clientId,
      Device device,
      IngestPipeline pipeline,
      DeviceConnection.ConfigSource configs,
      ClientLimits client) {
    this.endpoint = endpoint;
    this.clientId = clientId;
    this.device = device;
    this.pipeline = pipeline;
    this.configs = configs;
    this.client = client;
    this.topic = TelemetryTopic.config(device.stationId(), device.id());
    this.v5 = endpoint.protocolVersion() == 5;
  }

  void onSubscribe(MqttSubscribeMessage m) {
    List<MqttSubAckReasonCode> codes = new ArrayList<>();
    MqttTopicSubscription own = null;
    for (var s : m.topicSubscriptions()) {
      if (topic.equals(s.topicName())) {
        own = s; // the last one counts when a SUBSCRIBE repeats a filter [MQTT-3.8.4-3]
        codes.add(
            s.qualityOfService() == MqttQoS.AT_MOST_ONCE
                ? MqttSubAckReasonCode.GRANTED_QOS0
                : MqttSubAckReasonCode.GRANTED_QOS1);
      } else {
        pipeline.recordRejection(
            clientId,
            device.id(),
            s.topicName(),
            RejectReason.NOT_AUTHORIZED,
            "devices may subscribe only to " + topic,
            null);
        // MQTT 3.1.1 knows only 0x80 for a refused subscription.
        codes.add(
            v5 ? MqttSubAckReasonCode.NOT_AUTHORIZED : MqttSubAckReasonCode.UNSPECIFIED_ERROR);
      }
    }
    endpoint.subscribeAcknowledge(m.messageId(), codes, MqttProperties.NO_PROPERTIES);
    if (own != null) {
      boolean existed = subscribed;
      // QoS 2 is granted as QoS 1, the Maximum QoS; the config goes out at the granted QoS.
      grantedQos =
          own.qualityOfService() == MqttQoS.AT_MOST_ONCE
              ? MqttQoS.AT_MOST_ONCE
              : MqttQoS.AT_LEAST_ONCE;
      var option = v5 ? own.subscriptionOption() : null;
      retainAsPublished = option != null && option.isRetainAsPublished();
      subscriptionId = subscriptionIdOf(m.properties());
      subscribed = true;
      RetainedHandlingPolicy handling =
          option == null ? RetainedHandlingPolicy.SEND_AT_SUBSCRIBE : option.retainHandling();
      boolean sendRetained =
          switch (handling) {
            case SEND_AT_SUBSCRIBE -> true;
            case SEND_AT_SUBSCRIBE_IF_NOT_YET_EXISTS -> !existed;
            case DONT_SEND_AT_SUBSCRIBE -> false;
          };
      if (sendRetained) {
        // The retained configuration, sent because of the subscription: RETAIN 1
        // [MQTT-3.3.1-8] (3.1.1), [MQTT-3.3.1-9] with Retain Handling [MQTT-3.3.1-10] (5).
        send(true);
      }
    }
  }

  /**
   * UNSUBACK: MQTT 5 says per filter whether a subscription existed (0x00) or not (0x11); after it,
   * no configuration is sent [MQTT-3.10.4-2]. MQTT 3.1.1's UNSUBACK has no codes.
   */
  void onUnsubscribe(MqttUnsubscribeMessage m) {
    List<MqttUnsubAckReasonCode> codes = new ArrayList<>();
    for (String filter : m.topics()) {
      boolean ended = subscribed && topic.equals(filter);
      if (ended) {
        subscribed = false;
        waiting = false;
      }
      codes.add(
          ended ? MqttUnsubAckReasonCode.SUCCESS : MqttUnsubAckReasonCode.NO_SUBSCRIPTION_EXISTED);
    }
    if (v5) {
      endpoint.unsubscribeAcknowledge(m.messageId(), codes, MqttProperties.NO_PROPERTIES);
    } else {
      endpoint.unsubscribeAcknowledge(m.messageId());
    }
  }

  /** A PUBACK from the device: the config in flight is stored there; send what waited for it. */
  void onPubAck(int packetId) {
    if (inFlight != 0 && packetId == inFlight) {
      inFlight = 0;
      if (waiting && subscribed) {
        waiting = false;
        send(waitingRetain);
      }
    }
  }

  /** Sends the configuration on the connection's context if subscribed; returns whether it is. */
  boolean pushConfig(Context context) {
    if (!subscribed) {
      return false;
    }
    // A change forwarded on an established subscription: RETAIN 0 [MQTT-3.3.1-9] (3.1.1), or as
    // published (1) where the MQTT 5 subscription asked for Retain As Published [MQTT-3.3.1-12].
    context.runOnContext(v -> send(retainAsPublished));
    return true;
  }

  /** Publishes the device's current configuration if it has one and is still subscribed. */
  private void send(boolean retain) {
    if (!subscribed || !endpoint.isConnected()) {
      return;
    }
    boolean qos1 = grantedQos == MqttQoS.AT_LEAST_ONCE;
    if (qos1 && inFlight != 0) {
      waiting = true;
      waitingRetain |= retain;
      return;
    }
    var config = configs.configFor(device);
    if (config.isEmpty()) {
      return;
    }
    Buffer payload = config.get();
    MqttProperties props = new MqttProperties();
    if (subscriptionId > 0) {
      // [MQTT-3.3.4-3]: the subscription's identifier comes with what it delivers.
      props.add(
          new MqttProperties.IntegerProperty(
              MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value(), subscriptionId));
    }
    int propertyBytes = subscriptionId > 0 ? 1 + ClientLimits.varIntBytes(subscriptionId) : 0;
    if (v5 && !client.fitsPublish(topic, qos1, propertyBytes, payload.length())) {
      // [MQTT-3.1.2-25]: discarded as if sent; the device keeps reporting its old config_version,
      // which the console shows as a mismatch.
      LOG.warn(
          "mqtt: device {}: configuration of {} bytes not sent, over the device's Maximum"
              + " Packet Size of {}",
          device.id(),
          payload.length(),
          client.maxPacketBytes());
      return;
    }
    int packetId = qos1 ? nextPacketId() : 0;
    if (qos1) {
      inFlight = packetId;
      waitingRetain = false;
    }
    endpoint.publish(topic, payload, grantedQos, false, retain, packetId, props);
  }

  private int nextPacketId() {
    lastPacketId = lastPacketId % 65_535 + 1;
    return lastPacketId;
  }

  private static int subscriptionIdOf(MqttProperties p) {
    if (p == null) {
      return 0;
    }
    var id = p.getProperty(MqttPropertyType.SUBSCRIPTION_IDENTIFIER.value());
    return id != null && id.value() instanceof Integer i ? i : 0;
  }
}
