package org.yizhan.ingest.internal;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.device.Device;
import org.yizhan.device.DeviceLogin;
import org.yizhan.device.DeviceRegistry;
import org.yizhan.ingest.IngestPipeline;
import org.yizhan.live.DevicePresence;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.telemetry.TelemetryTopic;

/**
 * One device's MQTT connection to the built-in endpoint: authenticate, accept, then feed its
 * publishes through the ingest pipeline and answer each in MQTT's terms. Everything here runs on
 * the connection's event-loop context; commits come back to it through {@code runOnContext}.
 */
public final class DeviceConnection {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);
  private static final int MQTT_5 = 5;

  private final MqttEndpoint endpoint;
  private final IngestPipeline pipeline;
  private final DevicePresence presence;
  private final ConnectedDevices connected;
  private final ConfigSource configs;
  private final Context context;
  private final CoalescingExecutor onLoop;
  private final AckSequencer acks = new AckSequencer();
  private Device device;
  private boolean cleanDisconnect;

  /** Whether the device has subscribed to its config topic; only then is config sent to it. */
  private volatile boolean configSubscribed;

  /** Where a connection gets the retained configuration of its device. */
  public interface ConfigSource {
    Optional<Buffer> configFor(Device device);
  }

  private DeviceConnection(
      MqttEndpoint endpoint,
      IngestPipeline pipeline,
      DevicePresence presence,
      ConnectedDevices connected,
      ConfigSource configs) {
    this.endpoint = endpoint;
    this.pipeline = pipeline;
    this.presence = presence;
    this.connected = connected;
    this.configs = configs;
    this.context = Vertx.currentContext();
    this.onLoop = CoalescingExecutor.of(context);
  }

  /** Handles a CONNECT: refuse it, or accept it and wire the handlers. */
  public static void open(
      MqttEndpoint endpoint,
      DeviceRegistry devices,
      IngestPipeline pipeline,
      DevicePresence presence,
      ConnectedDevices connected,
      ConfigSource configs) {
    new DeviceConnection(endpoint, pipeline, presence, connected, configs).connect(devices);
  }

  private boolean isV5() {
    return endpoint.protocolVersion() == MQTT_5;
  }

  private void connect(DeviceRegistry devices) {
    String clientId = endpoint.clientIdentifier();
    var auth = endpoint.auth();
    String user = auth == null ? null : auth.getUsername();
    DeviceLogin login = devices.login(user, auth == null ? null : auth.getPassword());
    if (!login.accepted()) {
      RejectReason reason = login.verdict().reason();
      pipeline.recordRejection(clientId, user, null, reason, login.detail(), null);
      LOG.info("mqtt: refused client {} ({})", clientId, login.verdict());
      endpoint.reject(
          login.notAuthorized()
              ? (isV5()
                  ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                  : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED)
              : (isV5()
                  ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                  : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD));
      return;
    }
    device = login.device();
    var will = endpoint.will();
    String ownStatus = TelemetryTopic.status(device.stationId(), device.id());
    if (will != null && will.isWillFlag() && !ownStatus.equals(will.getWillTopic())) {
      pipeline.recordRejection(
          clientId,
          device.id(),
          will.getWillTopic(),
          RejectReason.NOT_AUTHORIZED,
          "last will must be on " + ownStatus,
          null);
      endpoint.reject(
          isV5()
              ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
              : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
      return;
    }
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(this::onPublish);
    endpoint.subscribeHandler(this::onSubscribe);
    endpoint.unsubscribeHandler(m -> endpoint.unsubscribeAcknowledge(m.messageId()));
    endpoint.disconnectHandler(v -> cleanDisconnect = true);
    endpoint.closeHandler(v -> onClose());
    endpoint.exceptionHandler(
        e -> LOG.debug("mqtt: client {} connection error: {}", clientId, e.getMessage()));
    MqttProperties props = new MqttProperties();
    if (isV5()) {
      props.add(
          new MqttProperties.IntegerProperty(
              MqttProperties.MqttPropertyType.MAXIMUM_QOS.value(), 1));
    }
    // Device-to-server QoS 1 state lives in the device; subscriptions are implied by identity.
    endpoint.accept(!endpoint.isCleanSession(), props);
    connected.put(device.id(), this);
    if (devices.find(device.id()).filter(devices::admits).isEmpty()) {
      revoke(); // disabled or its station closed while it was being accepted
    }
    LOG.debug("mqtt: device {} connected as client {}", device.id(), clientId);
  }

  private void onPublish(MqttPublishMessage m) {
    if (m.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      pipeline.recordRejection(
          endpoint.clientIdentifier(),
          device.id(),
          m.topicName(),
          RejectReason.QOS_NOT_SUPPORTED,
          "QoS 2 is not supported; publish with QoS 1",
          null);
      if (isV5()) {
        endpoint.disconnect(MqttDisconnectReasonCode.QOS_NOT_SUPPORTED, new MqttProperties());
      } else {
        endpoint.close();
      }
      return;
    }
    boolean qos1 = m.qosLevel() == MqttQoS.AT_LEAST_ONCE;
    Object slot = qos1 ? acks.reserve(m.messageId()) : null;
    byte[] payload = m.payload().getBytes();
    pipeline.handle(
        endpoint.clientIdentifier(),
        device,
        m.topicName(),
        payload,
        new IngestPipeline.Outcome() {
          @Override
          public void accepted() {
            if (slot != null) {
              onLoop.execute(() -> acks.completeWithAck(slot, DeviceConnection.this::ack));
            }
          }

          @Override
          public void rejected(RejectReason reason, String detail) {
            context.runOnContext(v -> answerRejection(slot, reason, detail));
          }

          @Override
          public void busy() {
            // Not stored and not acknowledged: drop the connection so the device resends later.
            context.runOnContext(v -> endpoint.close());
          }
        });
  }

  private void answerRejection(Object slot, RejectReason reason, String detail) {
    boolean topicProblem =
        reason == RejectReason.NOT_AUTHORIZED || reason == RejectReason.WRONG_TOPIC;
    if (!isV5() && topicProblem) {
      // MQTT 3.1.1 has no negative acknowledgement; closing is how a server refuses a topic.
      endpoint.close();
      return;
    }
    if (slot == null) {
      return;
    }
    if (isV5()) {
      MqttPubAckReasonCode code =
          topicProblem
              ? MqttPubAckReasonCode.NOT_AUTHORIZED
              : MqttPubAckReasonCode.PAYLOAD_FORMAT_INVALID;
      MqttProperties props = new MqttProperties();
      props.add(
          new MqttProperties.StringProperty(
              MqttProperties.MqttPropertyType.REASON_STRING.value(),
              reason.code() + ": " + clip(detail)));
      int id = acks.messageId(slot);
      acks.complete(
          slot,
          () -> {
            if (endpoint.isConnected()) {
              endpoint.publishAcknowledge(id, code, props);
            }
          });
    } else {
      acks.completeWithAck(slot, this::ack);
    }
  }

  /**
   * Sends a PUBACK unless the device has gone meanwhile; the device then resends after reconnecting
   * and the store deduplicates.
   */
  private void ack(int messageId) {
    if (endpoint.isConnected()) {
      endpoint.publishAcknowledge(messageId);
    }
  }

  private void onSubscribe(MqttSubscribeMessage m) {
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
            isV5() ? MqttSubAckReasonCode.NOT_AUTHORIZED : MqttSubAckReasonCode.UNSPECIFIED_ERROR);
      }
    }
    endpoint.subscribeAcknowledge(m.messageId(), codes, new MqttProperties());
    if (wantsConfig) {
      configSubscribed = true;
      sendConfig();
    }
  }

  /**
   * Publishes the device's current configuration (retained flag set, as on subscribe) if it has
   * subscribed to its config topic; returns whether it has.
   */
  public boolean pushConfig() {
    if (!configSubscribed) {
      return false;
    }
    sendConfig();
    return true;
  }

  /** Publishes the device's current configuration, retained, if it has one. */
  private void sendConfig() {
    context.runOnContext(
        v ->
            configs
                .configFor(device)
                .ifPresent(
                    buf ->
                        endpoint.publish(
                            TelemetryTopic.config(device.stationId(), device.id()),
                            buf,
                            MqttQoS.AT_LEAST_ONCE,
                            false,
                            true)));
  }

  private void onClose() {
    connected.remove(device.id(), this);
    presence.connectionClosed(device.id(), Instant.now(), cleanDisconnect ? "disconnect" : "lwt");
  }

  /** Closes the connection (another connection of the same device took over). */
  void takeOver() {
    context.runOnContext(v -> endpoint.close());
  }

  /**
   * Ends the connection because an admin took the device's access away (disabled it, changed its
   * secret, closed its station): MQTT 5 clients are told so (0x98, administrative action).
   */
  void revoke() {
    context.runOnContext(
        v -> {
          if (isV5()) {
            endpoint.disconnect(
                MqttDisconnectReasonCode.ADMINISTRATIVE_ACTION, new MqttProperties());
          } else {
            endpoint.close();
          }
        });
  }

  private static String clip(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
  }
}
