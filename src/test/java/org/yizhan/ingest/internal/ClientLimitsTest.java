package org.yizhan.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttProperties.MqttPropertyType;
import org.junit.jupiter.api.Test;

/** Sizes of the server's packets against a client's limits, to the byte. */
class ClientLimitsTest {

  private static String reasonOf(MqttProperties p) {
    var r = p.getProperty(MqttPropertyType.REASON_STRING.value());
    return r == null ? null : (String) r.value();
  }

  @Test
  void variableByteIntegersGrowAtEachSevenBits() {
    assertThat(ClientLimits.varIntBytes(0)).isEqualTo(1);
    assertThat(ClientLimits.varIntBytes(127)).isEqualTo(1);
    assertThat(ClientLimits.varIntBytes(128)).isEqualTo(2);
    assertThat(ClientLimits.varIntBytes(16_383)).isEqualTo(2);
    assertThat(ClientLimits.varIntBytes(16_384)).isEqualTo(3);
    assertThat(ClientLimits.varIntBytes(2_097_151)).isEqualTo(3);
    assertThat(ClientLimits.varIntBytes(2_097_152)).isEqualTo(4);
    assertThat(ClientLimits.packetBytes(2)).isEqualTo(4);
    assertThat(ClientLimits.packetBytes(200)).isEqualTo(203);
  }

  /**
   * A PUBACK with reason "ab": packet id 2 + reason code 1 + property length 1 + (id 1 + length 2 +
   * 2 bytes) = remaining 9, so 11 bytes on the wire.
   */
  @Test
  void aPubackReasonStringIsKeptExactlyWhileThePacketFits() {
    assertThat(reasonOf(new ClientLimits(11, 10, true).pubackProperties("ab"))).isEqualTo("ab");
    assertThat(reasonOf(new ClientLimits(10, 10, true).pubackProperties("ab"))).isNull();
    assertThat(reasonOf(ClientLimits.DEFAULTS.pubackProperties("x".repeat(200)))).hasSize(200);
  }

  @Test
  void noPubackReasonStringWhenTheClientAskedForNoProblemInformation() {
    assertThat(
            new ClientLimits(ClientLimits.PROTOCOL_MAX_PACKET, 10, false)
                .pubackProperties("schema_violation: x"))
        .isSameAs(MqttProperties.NO_PROPERTIES);
  }

  /** A DISCONNECT keeps its reason string without problem information, if it fits (9 bytes). */
  @Test
  void aDisconnectReasonStringIsKeptWithoutProblemInformationIfItFits() {
    assertThat(reasonOf(new ClientLimits(9, 10, false).disconnectProperties("ab"))).isEqualTo("ab");
    assertThat(reasonOf(new ClientLimits(8, 10, false).disconnectProperties("ab"))).isNull();
  }

  /**
   * A QoS 1 PUBLISH on "t/c" with 1 property byte and 10 payload bytes: topic 2+3, packet id 2,
   * property length 1 + 1, payload 10 = remaining 19, 21 bytes on the wire.
   */
  @Test
  void aPublishFitsExactlyAtTheClientsMaximum() {
    assertThat(new ClientLimits(21, 10, true).fitsPublish("t/c", true, 1, 10)).isTrue();
    assertThat(new ClientLimits(20, 10, true).fitsPublish("t/c", true, 1, 10)).isFalse();
    assertThat(new ClientLimits(19, 10, true).fitsPublish("t/c", false, 1, 10)).isTrue();
    assertThat(new ClientLimits(18, 10, true).fitsPublish("t/c", false, 1, 10)).isFalse();
    // topic lengths count UTF-8 bytes: 驿 is three
    assertThat(new ClientLimits(21, 10, true).fitsPublish("驿", true, 1, 10)).isTrue();
    assertThat(new ClientLimits(20, 10, true).fitsPublish("驿", true, 1, 10)).isFalse();
  }

  private static MqttProperties connect(MqttPropertyType type, int value) {
    MqttProperties p = new MqttProperties();
    p.add(new MqttProperties.IntegerProperty(type.value(), value));
    return p;
  }

  @Test
  void mqtt311AndAnEmptyConnectGetTheDefaults() {
    MqttProperties asked = connect(MqttPropertyType.RECEIVE_MAXIMUM, 3);
    assertThat(ClientLimits.of(4, asked)).isEqualTo(ClientLimits.DEFAULTS);
    assertThat(ClientLimits.of(5, null)).isEqualTo(ClientLimits.DEFAULTS);
    assertThat(ClientLimits.of(5, new MqttProperties())).isEqualTo(ClientLimits.DEFAULTS);
  }

  @Test
  void anMqtt5ConnectSetsEachLimit() {
    assertThat(ClientLimits.of(5, connect(MqttPropertyType.RECEIVE_MAXIMUM, 3)).receiveMaximum())
        .isEqualTo(3);
    assertThat(
            ClientLimits.of(5, connect(MqttPropertyType.MAXIMUM_PACKET_SIZE, 1_000))
                .maxPacketBytes())
        .isEqualTo(1_000L);
    assertThat(
            ClientLimits.of(5, connect(MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 0))
                .problemInformation())
        .isFalse();
    assertThat(
            ClientLimits.of(5, connect(MqttPropertyType.REQUEST_PROBLEM_INFORMATION, 1))
                .problemInformation())
        .isTrue();
  }

  /** A four-byte Maximum Packet Size over 2^31 arrives as a negative int and is read unsigned. */
  @Test
  void aMaximumPacketSizeOverTwoToTheThirtyOneIsReadUnsigned() {
    assertThat(
            ClientLimits.of(5, connect(MqttPropertyType.MAXIMUM_PACKET_SIZE, 0x8000_0000))
                .maxPacketBytes())
        .isEqualTo(0x8000_0000L);
  }

  private static MqttProperties with(MqttPropertyType type, int value) {
    MqttProperties p = new MqttProperties();
    p.add(new MqttProperties.IntegerProperty(type.value(), value));
    return p;
  }

  @Test
  void aReceiveMaximumOrMaximumPacketSizeOfZeroIsAProtocolErrorOverMqtt5Only() {
    assertThat(ClientLimits.protocolError(5, with(MqttPropertyType.RECEIVE_MAXIMUM, 0)))
        .hasValue("a Receive Maximum of 0");
    assertThat(ClientLimits.protocolError(5, with(MqttPropertyType.MAXIMUM_PACKET_SIZE, 0)))
        .hasValue("a Maximum Packet Size of 0");
    assertThat(ClientLimits.protocolError(5, with(MqttPropertyType.RECEIVE_MAXIMUM, 1))).isEmpty();
    assertThat(ClientLimits.protocolError(5, with(MqttPropertyType.MAXIMUM_PACKET_SIZE, 1)))
        .isEmpty();
    assertThat(ClientLimits.protocolError(5, MqttProperties.NO_PROPERTIES)).isEmpty();
    assertThat(ClientLimits.protocolError(5, null)).isEmpty();
    assertThat(ClientLimits.protocolError(4, with(MqttPropertyType.RECEIVE_MAXIMUM, 0)))
        .as("MQTT 3.1.1 has no properties")
        .isEmpty();
  }
}
