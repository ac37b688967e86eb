package org.yizhan.ingest.internal;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.vertx.mqtt.MqttEndpoint;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.device.Device;
import org.yizhan.device.DeviceLogin;
import org.yizhan.device.DeviceRegistry;
import org.yizhan.ingest.IngestPipeline;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.telemetry.TelemetryTopic;

/**
 * Decides on a CONNECT: the device it authenticates, or a refusal sent as CONNACK, counted and kept
 * in the rejection log.
 */
final class ConnectCheck {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectCheck.class);

  private ConnectCheck() {}

  /**
   * When the last capacity refusal was logged, so a storm logs once every 10 s, not per CONNECT.
   */
  private static final AtomicLong LAST_FULL_LOG = new AtomicLong(Long.MIN_VALUE);

  /**
   * Refuses a CONNECT when the endpoint holds as many devices as it may ({@link ConnectedDevices}):
   * CONNACK "server unavailable" (MQTT 3.1.1, 0x03) or "server busy" (MQTT 5, 0x89), after which
   * the socket closes and the device retries later, as the contract asks. Not a fault of the
   * device, so it is counted in a metric and logged, not kept in the rejection log.
   *
   * @return whether it was refused
   */
  static boolean refuseWhenFull(MqttEndpoint endpoint, ConnectedDevices connected) {
    var auth = endpoint.auth();
    if (!connected.refuseForCapacity(auth == null ? null : auth.getUsername())) {
      return false;
    }
    long now = System.nanoTime();
    long last = LAST_FULL_LOG.get();
    if ((last == Long.MIN_VALUE || now - last > 10_000_000_000L)
        && LAST_FULL_LOG.compareAndSet(last, now)) {
      LOG.warn(
          "mqtt: {} devices connected, the most this instance holds (mqtt.max.connections);"
              + " refusing new connections ({} so far)",
          connected.capacity(),
          connected.refusedForCapacity());
    }
    endpoint.reject(
        endpoint.protocolVersion() == 5
            ? MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY
            : MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
    return true;
  }

  /** The device the CONNECT authenticates; empty when it was refused (and the CONNACK sent). */
  static Optional<Device> check(
      MqttEndpoint endpoint, DeviceRegistry devices, IngestPipeline pipeline, MqttLimits limits) {
    boolean v5 = endpoint.protocolVersion() == 5;
    String clientId = endpoint.clientIdentifier();
    var auth = endpoint.auth();
    String user = auth == null ? null : auth.getUsername();
    var limitError =
        ClientLimits.protocolError(endpoint.protocolVersion(), endpoint.connectProperties());
    if (limitError.isPresent()) {
      // A Protocol Error: CONNACK 0x82, then the connection closes [MQTT-4.13.1-1].
      return refuse(
          endpoint,
          pipeline,
          user,
          null,
          RejectReason.PROTOCOL_ERROR,
          limitError.get(),
          MqttConnectReturnCode.CONNECTION_REFUSED_PROTOCOL_ERROR);
    }
    if (!limits.acceptsClientId(clientId)) {
      // [MQTT-3.1.3-8] (MQTT 5: 0x85), [MQTT-3.1.3-9] (3.1.1: 0x02). Netty checks the length only
      // for MQTT 3.1.
      return refuse(
          endpoint,
          pipeline,
          user,
          null,
          RejectReason.PROTOCOL_ERROR,
          "client id longer than " + limits.maxClientIdChars() + " characters",
          v5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_CLIENT_IDENTIFIER_NOT_VALID
              : MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
    }
    DeviceLogin login = devices.login(user, auth == null ? null : auth.getPassword());
    if (!login.accepted()) {
      // Not authorized only for a device that proved its secret (disabled, or its station
      // closed); anyone else gets bad credentials, so the answer tells a stranger nothing.
      return refuse(
          endpoint,
          pipeline,
          user,
          null,
          login.verdict().reason(),
          login.detail(),
          login.notAuthorized()
              ? (v5
                  ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
                  : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED)
              : (v5
                  ? MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD
                  : MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD));
    }
    Optional<Device> d = Optional.of(login.device());
    Device device = d.get();
    var will = endpoint.will();
    String ownStatus = TelemetryTopic.status(device.stationId(), device.id());
    if (will != null && will.isWillFlag() && !ownStatus.equals(will.getWillTopic())) {
      return refuse(
          endpoint,
          pipeline,
          device.id(),
          will.getWillTopic(),
          RejectReason.NOT_AUTHORIZED,
          "last will must be on " + ownStatus,
          v5
              ? MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5
              : MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
    }
    if (v5 && will != null && will.isWillFlag() && will.getWillQos() > 1) {
      // Maximum QoS 1 [MQTT-3.2.2-12]. MQTT 3.1.1 has no way to announce a maximum: there the will
      // is accepted, and it is only ever used inside the server.
      return refuse(
          endpoint,
          pipeline,
          device.id(),
          will.getWillTopic(),
          RejectReason.QOS_NOT_SUPPORTED,
          "a will with QoS 2; the Maximum QoS is 1",
          MqttConnectReturnCode.CONNECTION_REFUSED_QOS_NOT_SUPPORTED);
    }
    return d;
  }

  private static Optional<Device> refuse(
      MqttEndpoint endpoint,
      IngestPipeline pipeline,
      String deviceId,
      String topic,
      RejectReason reason,
      String detail,
      MqttConnectReturnCode code) {
    String clientId = endpoint.clientIdentifier();
    pipeline.recordRejection(clientId, deviceId, topic, reason, detail, null);
    LOG.info("mqtt: refused a connection ({}: {})", reason.code(), detail);
    endpoint.reject(code);
    return Optional.empty();
  }
}
