package org.yizhan.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.IntegerProperty;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PublishRulesTest {

  static final MqttLimits LIMITS = MqttLimits.CONTRACT;

  static MqttPublishMessage publish(MqttQoS qos, Integer topicAlias) {
    MqttProperties p = new MqttProperties();
    if (topicAlias != null) {
      p.add(new IntegerProperty(MqttPropertyType.TOPIC_ALIAS.value(), topicAlias));
    }
    return MqttPublishMessage.create(
        1, qos, false, false, "yz/v1/st/s/dev/d/telemetry", Buffer.buffer("{}"), p);
  }

  static Optional<Violation> check(MqttPublishMessage m, boolean v5, int unacknowledged) {
    return PublishRules.check(m, v5, unacknowledged, LIMITS).map(PublishRules.Breach::violation);
  }

  /** Verifies that the tenth unacknowledged QoS 1 PUBLISH passes and the eleventh does not. */
  @Test
  void receiveMaximumAllowsTenUnacknowledged() {
    assertThat(check(publish(MqttQoS.AT_LEAST_ONCE, null), true, 9)).isEmpty();
    assertThat(check(publish(MqttQoS.AT_LEAST_ONCE, null), false, 10))
        .contains(Violation.RECEIVE_MAXIMUM_EXCEEDED);
  }

  /** Verifies that QoS 0 is not limited by the Receive Maximum, which counts QoS 1 and 2 only. */
  @Test
  void qos0IsNotCountedAgainstTheReceiveMaximum() {
    assertThat(check(publish(MqttQoS.AT_MOST_ONCE, null), true, 10)).isEmpty();
  }

  /** Verifies that any topic alias, 0 included, is a breach over MQTT 5. */
  @Test
  void everyTopicAliasIsABreach() {
    assertThat(check(publish(MqttQoS.AT_LEAST_ONCE, 0), true, 0))
        .contains(Violation.TOPIC_ALIAS_INVALID);
    assertThat(check(publish(MqttQoS.AT_MOST_ONCE, 1), true, 0))
        .contains(Violation.TOPIC_ALIAS_INVALID);
  }

  /** Verifies that QoS 2 is refused first, whatever else the PUBLISH does. */
  @Test
  void qos2IsRefused() {
    assertThat(check(publish(MqttQoS.EXACTLY_ONCE, 3), true, 10))
        .contains(Violation.QOS_NOT_SUPPORTED);
  }
}
