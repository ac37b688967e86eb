package org.yizhan.ingest.internal;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.Optional;

/**
 * The rules a PUBLISH must keep before its payload is looked at; breaking one ends the connection
 * (the contract's sections 2 and 3).
 */
final class PublishRules {

  /** A broken rule and what the rejection log says about it. */
  record Breach(Violation violation, String detail) {}

  private PublishRules() {}

  /**
   * @param unacknowledged QoS 1 PUBLISHes of this connection not yet answered
   */
  static Optional<Breach> check(
      MqttPublishMessage m, boolean v5, int unacknowledged, MqttLimits limits) {
    if (m.qosLevel() == MqttQoS.EXACTLY_ONCE) {
      return breach(Violation.QOS_NOT_SUPPORTED, "QoS 2 is not supported; use QoS 1");
    }
    if (v5 && hasTopicAlias(m)) {
      return breach(
          Violation.TOPIC_ALIAS_INVALID, "topic aliases are not accepted (Topic Alias Maximum 0)");
    }
    if (m.qosLevel() == MqttQoS.AT_LEAST_ONCE && unacknowledged >= limits.receiveMaximum()) {
      return breach(
          Violation.RECEIVE_MAXIMUM_EXCEEDED,
          "more than " + limits.receiveMaximum() + " QoS 1 PUBLISHes unacknowledged");
    }
    return Optional.empty();
  }

  private static boolean hasTopicAlias(MqttPublishMessage m) {
    MqttProperties p = m.properties();
    return p != null && p.getProperty(MqttPropertyType.TOPIC_ALIAS.value()) != null;
  }

  private static Optional<Breach> breach(Violation v, String detail) {
    return Optional.of(new Breach(v, detail));
  }
}
