package org.yizhan.ingest.internal;

import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import org.yizhan.telemetry.RejectReason;

/**
 * A breach of the protocol or of the contract's limits after CONNACK, which ends the connection:
 * MQTT 5 gets a DISCONNECT with the reason code, MQTT 3.1.1 (which has no server DISCONNECT) a
 * closed connection. Each one is counted and kept in the rejection log under {@link #reason}.
 */
enum Violation {
  /** A PUBLISH with QoS 2, above the Maximum QoS 1 of the CONNACK [MQTT-3.2.2-11]. */
  QOS_NOT_SUPPORTED(MqttDisconnectReasonCode.QOS_NOT_SUPPORTED, RejectReason.QOS_NOT_SUPPORTED),
  /** More QoS 1 PUBLISHes unacknowledged than the Receive Maximum [MQTT-3.3.4-7]. */
  RECEIVE_MAXIMUM_EXCEEDED(
      MqttDisconnectReasonCode.RECEIVE_MAXIMUM_EXCEEDED, RejectReason.PROTOCOL_ERROR),
  /** A Topic Alias although the Topic Alias Maximum is 0 [MQTT-3.2.2-18], [MQTT-3.3.2-8]. */
  TOPIC_ALIAS_INVALID(MqttDisconnectReasonCode.TOPIC_ALIAS_INVALID, RejectReason.PROTOCOL_ERROR),
  /** A packet over the Maximum Packet Size [MQTT-3.2.2-15]. */
  PACKET_TOO_LARGE(MqttDisconnectReasonCode.PACKET_TOO_LARGE, RejectReason.PAYLOAD_TOO_LARGE);

  final MqttDisconnectReasonCode code;
  final RejectReason reason;

  Violation(MqttDisconnectReasonCode code, RejectReason reason) {
    this.code = code;
    this.reason = reason;
  }
}
