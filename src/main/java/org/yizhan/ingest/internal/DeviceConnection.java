package org.yizhan.ingest.internal;

import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.device.Device;
import org.yizhan.device.DeviceRegistry;
import org.yizhan.ingest.IngestPipeline;
import org.yizhan.live.DevicePresence;
import org.yizhan.telemetry.RejectReason;

/**
 * One device's MQTT connection to the built-in endpoint: authenticate, accept, then feed its
 * publishes through the ingest pipeline and answer each in MQTT's terms. Everything here runs on
 * the connection's event-loop context; commits come back to it through {@code runOnContext}.
 *
 * <p>Over 300 lines on purpose: every handler shares the connection's state (device, limits, PUBACK
 * order, keep alive) on one event-loop context; the rules themselves live in {@link PublishRules},
 * {@link ConnectCheck}, {@link ClientLimits} and {@link DeviceSubscription}.
 */
public final class DeviceConnection {

  private static final Logger LOG = LoggerFactory.getLogger(DeviceConnection.class);
  private static final int MQTT_5 = 5;

  private final MqttEndpoint endpoint;
  private final IngestPipeline pipeline;
  private final DevicePresence presence;
  private final ConnectedDevices connected;
  private final ConfigSource configs;
  private final MqttLimits limits;
  private final Context context;
  private final CoalescingExecutor onLoop;
  private final AckSequencer acks = new AckSequencer();
  private final ClientLimits client;

  /**
   * The connection's client id: the CONNECT's, or one the server assigned to a CONNECT with an
   * empty one [MQTT-3.1.3-6].
   */
  private final String clientId;

  private final boolean assignedClientId;
  private Device device;
  private boolean cleanDisconnect;
  private KeepAliveWatch keepAlive;
  private DeviceSubscription subscription;

  /** Where a connection gets the retained configuration of its device. */
  public interface ConfigSource {
    Optional<Buffer> configFor(Device device);
  }

  private DeviceConnection(
      MqttEndpoint endpoint,
      IngestPipeline pipeline,
      DevicePresence presence,
      ConnectedDevices connected,
      ConfigSource configs,
      MqttLimits limits) {
    this.endpoint = endpoint;
    this.pipeline = pipeline;
    this.presence = presence;
    this.connected = connected;
    this.configs = configs;
    this.limits = limits;
    this.context = Vertx.currentContext();
    this.onLoop = CoalescingExecutor.of(context);
    this.client = ClientLimits.of(endpoint);
    String asked = endpoint.clientIdentifier();
    this.assignedClientId = asked == null || asked.isEmpty();
    this.clientId = assignedClientId ? "yz-" + UUID.randomUUID() : asked;
  }

  /** Handles a CONNECT: refuse it, or accept it and wire the handlers. */
  public static void open(
      MqttEndpoint endpoint,
      DeviceRegistry devices,
      IngestPipeline pipeline,
      DevicePresence presence,
      ConnectedDevices connected,
      ConfigSource configs,
      MqttLimits limits) {
    if (ConnectCheck.refuseWhenFull(endpoint, connected)) {
      return;
    }
    ConnectCheck.check(endpoint, devices, pipeline, limits)
        .ifPresent(
            d ->
                new DeviceConnection(endpoint, pipeline, presence, connected, configs, limits)
                    .accept(d, devices));
  }

  private boolean isV5() {
    return endpoint.protocolVersion() == MQTT_5;
  }

  private void accept(Device d, DeviceRegistry devices) {
    device = d;
    subscription = new DeviceSubscription(endpoint, clientId, device, pipeline, configs, client);
    endpoint.publishAutoAck(false);
    endpoint.publishHandler(this::onPublish);
    endpoint.subscribeHandler(
        m -> {
          packet();
          subscription.onSubscribe(m);
        });
    endpoint.unsubscribeHandler(
        m -> {
          packet();
          subscription.onUnsubscribe(m);
        });
    endpoint.publishAcknowledgeHandler(
        id -> {
          packet();
          subscription.onPubAck(id);
        });
    endpoint.pingHandler(v -> packet());
    endpoint.disconnectHandler(v -> cleanDisconnect = true);
    endpoint.closeHandler(v -> onClose());
    endpoint.exceptionHandler(this::onTransportError);
    int keepAliveS = limits.keepAliveFor(endpoint.keepAliveTimeSeconds());
    if (keepAliveS != endpoint.keepAliveTimeSeconds()) {
      keepAlive = KeepAliveWatch.start(context.owner(), keepAliveS, this::onSilence);
    }
    // No session state is kept between connections, so Session Present is always 0
    // [MQTT-3.2.2-3] (3.1.1 and 5); devices subscribe and resend on every connect.
    endpoint.accept(
        false,
        isV5()
            ? Connack.properties(endpoint, limits, keepAliveS, assignedClientId ? clientId : null)
            : MqttProperties.NO_PROPERTIES);
    connected.put(device.id(), this);
    if (devices.find(device.id()).filter(devices::admits).isEmpty()) {
      revoke(); // disabled or its station closed while it was being accepted
    }
    LOG.debug("mqtt: device {} connected", device.id());
  }

  private void packet() {
    if (keepAlive != null) {
      keepAlive.packet();
    }
  }

  private void onPublish(MqttPublishMessage m) {
    packet();
    var breach = PublishRules.check(m, isV5(), acks.pending(), limits);
    if (breach.isPresent()) {
      violation(breach.get().violation(), m.topicName(), breach.get().detail());
      return;
    }
    boolean qos1 = m.qosLevel() == MqttQoS.AT_LEAST_ONCE;
    Object slot = qos1 ? acks.reserve(m.messageId()) : null;
    byte[] payload = m.payload().getBytes();
    pipeline.handle(
        clientId,
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
            context.runOnContext(v -> close());
          }
        });
  }

  private void answerRejection(Object slot, RejectReason reason, String detail) {
    boolean topicProblem =
        reason == RejectReason.NOT_AUTHORIZED || reason == RejectReason.WRONG_TOPIC;
    if (!isV5() && topicProblem) {
      // MQTT 3.1.1 has no negative acknowledgement; closing is how a server refuses a topic.
      close();
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
      MqttProperties props = client.pubackProperties(reason.code() + ": " + clip(detail));
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

  /**
   * Publishes the device's current configuration if it has subscribed to its config topic; returns
   * whether it has.
   */
  public boolean pushConfig() {
    return subscription.pushConfig(context);
  }

  /**
   * A transport error. A packet over the Maximum Packet Size arrives here from Netty's decoder;
   * Vert.x closes the connection right after this returns, so the DISCONNECT goes out first.
   */
  private void onTransportError(Throwable e) {
    if (e instanceof TooLongFrameException) {
      violation(
          Violation.PACKET_TOO_LARGE,
          null,
          "packet over the Maximum Packet Size of "
              + limits.maxPacketBytes()
              + " bytes ("
              + e.getMessage()
              + ")");
    } else {
      LOG.debug("mqtt: device {} connection error: {}", device.id(), e.getMessage());
    }
  }

  /** Counts and records a breach of the limits, then ends the connection as MQTT says. */
  private void violation(Violation v, String topic, String detail) {
    pipeline.recordRejection(clientId, device.id(), topic, v.reason, detail, null);
    LOG.info("mqtt: device {} disconnected: {}", device.id(), detail);
    disconnect(v.code, detail);
  }

  /** MQTT 5: DISCONNECT with a reason, then close; MQTT 3.1.1 (no server DISCONNECT): close. */
  private void disconnect(MqttDisconnectReasonCode code, String reason) {
    if (!endpoint.isConnected()) {
      return;
    }
    if (isV5()) {
      endpoint.disconnect(code, client.disconnectProperties(reason));
    } else {
      endpoint.close();
    }
  }

  /** Closes the connection unless it is closed already. */
  private void close() {
    if (endpoint.isConnected()) {
      endpoint.close();
    }
  }

  private void onSilence() {
    LOG.debug("mqtt: device {} silent beyond its keep alive", device.id());
    disconnect(MqttDisconnectReasonCode.KEEP_ALIVE_TIMEOUT, "keep alive timeout");
  }

  private void onClose() {
    if (keepAlive != null) {
      keepAlive.stop();
    }
    connected.closed(
        device.id(),
        this,
        () ->
            presence.connectionClosed(
                device.id(), Instant.now(), cleanDisconnect ? "disconnect" : "lwt"));
  }

  /**
   * Closes the connection without its will: another connection of the same device took over
   * ([MQTT-3.1.4-2]; MQTT 5: DISCONNECT 0x8E Session taken over, [MQTT-3.1.4-3]).
   */
  void takeOver() {
    context.runOnContext(
        v ->
            disconnect(
                MqttDisconnectReasonCode.SESSION_TAKEN_OVER,
                "another connection of this device took over"));
  }

  /**
   * Ends the connection because an admin took the device's access away (disabled it, changed its
   * secret, closed its station): MQTT 5 clients are told so (0x98, administrative action).
   */
  void revoke() {
    context.runOnContext(
        v ->
            disconnect(
                MqttDisconnectReasonCode.ADMINISTRATIVE_ACTION,
                "an administrator took this device's access away"));
  }

  private static String clip(String s) {
    return s == null ? "" : s.length() > 200 ? s.substring(0, 200) : s;
  }
}
