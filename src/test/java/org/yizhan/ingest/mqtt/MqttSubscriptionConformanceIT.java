package org.yizhan.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.ingest.mqtt.ConformanceServer.connect;
import static org.yizhan.ingest.mqtt.ConformanceServer.connectAs;
import static org.yizhan.ingest.mqtt.RawMqtt.PINGRESP;
import static org.yizhan.ingest.mqtt.RawMqtt.PUBLISH;
import static org.yizhan.ingest.mqtt.RawMqtt.SUBACK;
import static org.yizhan.ingest.mqtt.RawMqtt.UNSUBACK;
import static org.yizhan.ingest.mqtt.RawMqtt.V311;
import static org.yizhan.ingest.mqtt.RawMqtt.V5;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yizhan.ingest.mqtt.ConformanceServer.Device;

/**
 * The config topic, the one subscription a device may hold, against MQTT 3.1.1 and 5 in raw
 * packets: RETAIN flags, granted QoS, the MQTT 5 subscription options, UNSUBSCRIBE, and the
 * client's own Receive Maximum and Maximum Packet Size. Each test names the requirement it checks
 * (3.1.1 numbers as [MQTT-x] of that version, MQTT 5 ones marked "5:").
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MqttSubscriptionConformanceIT {

  private static ConformanceServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new ConformanceServer("mqsub-st-1");
  }

  @AfterAll
  static void stop() throws Exception {
    s.close();
  }

  /** A connected device, fresh for each test so that no test sees another's subscription. */
  private static Session session(int version) throws Exception {
    return session(version, new RawMqtt.Connect());
  }

  private static Session session(int version, RawMqtt.Connect extra) throws Exception {
    Device d = s.provision();
    RawMqtt c = s.open(version);
    RawMqtt.Connect connect = connectAs(d);
    connect.properties.putAll(extra.properties);
    assertThat(connect(c, connect).connectCode()).isZero();
    return new Session(d, c);
  }

  /** One device's raw connection. */
  private record Session(Device d, RawMqtt c) implements AutoCloseable {

    String config() {
      return d.topic("config");
    }

    /** SUBSCRIBE to the config topic; returns the SUBACK's reason codes. */
    int[] subscribe(int packetId, int options, Integer subscriptionId) throws IOException {
      c.send(c.subscribe(packetId, config(), options, subscriptionId));
      RawMqtt.Packet ack = c.read();
      assertThat(ack.type()).isEqualTo(SUBACK);
      assertThat(ack.packetId()).isEqualTo(packetId);
      return ack.reasonCodes(c.version);
    }

    RawMqtt.Publish nextPublish() throws IOException {
      RawMqtt.Packet p = c.read();
      assertThat(p.type()).as("a PUBLISH").isEqualTo(PUBLISH);
      return RawMqtt.Publish.of(p, c.version);
    }

    /**
     * Proves that the server sent nothing meanwhile: whatever it had queued before this PINGREQ
     * would arrive before the PINGRESP, since a connection's packets go out in order.
     */
    void assertNothingSent() throws IOException {
      c.send(RawMqtt.pingreq());
      assertThat(c.read().type()).as("the next packet is the PINGRESP").isEqualTo(PINGRESP);
    }

    @Override
    public void close() throws IOException {
      c.close();
    }
  }

  private static int interval(RawMqtt.Publish p) {
    return new JsonObject(p.payload()).getInteger("interval_s");
  }

  /**
   * [MQTT-3.3.1-8] (3.1.1) and 5: 3.3.1.3: the configuration sent because of a new subscription
   * carries RETAIN 1; [MQTT-3.3.1-9] (both versions): one forwarded on the established subscription
   * carries RETAIN 0.
   */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void retainIsSetOnlyOnTheConfigSentForTheSubscription(int version) throws Exception {
    try (Session x = session(version)) {
      assertThat(x.subscribe(1, 1, null)).containsExactly(1);
      RawMqtt.Publish retained = x.nextPublish();
      assertThat(retained.topic()).isEqualTo(x.config());
      assertThat(retained.retain()).isTrue();
      assertThat(retained.qos()).isEqualTo(1);
      x.c().send(RawMqtt.puback(retained.packetId()));
      assertThat(s.changeConfig(x.d(), 45)).isEqualTo("pushed");
      RawMqtt.Publish live = x.nextPublish();
      assertThat(interval(live)).isEqualTo(45);
      assertThat(live.retain()).as("RETAIN on an established subscription").isFalse();
      assertThat(live.dup()).isFalse();
    }
  }

  /** 5: [MQTT-3.3.1-13]: with Retain As Published the forwarded config keeps RETAIN 1. */
  @Test
  void retainAsPublishedKeepsTheRetainFlag() throws Exception {
    try (Session x = session(V5)) {
      x.subscribe(1, 1 | 0x08, null);
      x.c().send(RawMqtt.puback(x.nextPublish().packetId()));
      s.changeConfig(x.d(), 46);
      assertThat(x.nextPublish().retain()).isTrue();
    }
  }

  /**
   * 5: [MQTT-3.3.1-11]: Retain Handling 1 sends the retained config for a new subscription only;
   * [MQTT-3.8.4-3]: a repeated SUBSCRIBE replaces the subscription and is answered.
   */
  @Test
  void retainHandlingOneSendsOnlyForANewSubscription() throws Exception {
    try (Session x = session(V5)) {
      x.subscribe(1, 1 | 0x10, null);
      x.c().send(RawMqtt.puback(x.nextPublish().packetId()));
      assertThat(x.subscribe(2, 1 | 0x10, null)).containsExactly(1);
      x.assertNothingSent();
    }
  }

  /** 5: [MQTT-3.3.1-12]: Retain Handling 2 sends nothing at subscribe; later changes still come. */
  @Test
  void retainHandlingTwoSendsNothingAtSubscribe() throws Exception {
    try (Session x = session(V5)) {
      x.subscribe(1, 1 | 0x20, null);
      x.assertNothingSent();
      assertThat(s.changeConfig(x.d(), 47)).isEqualTo("pushed");
      RawMqtt.Publish live = x.nextPublish();
      assertThat(interval(live)).isEqualTo(47);
      assertThat(live.retain()).isFalse();
    }
  }

  /**
   * [MQTT-3.8.4-3] (both): a SUBSCRIBE repeating the filter replaces the subscription and, with
   * Retain Handling 0, resends the retained config.
   */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void resubscribingResendsTheRetainedConfig(int version) throws Exception {
    try (Session x = session(version)) {
      x.subscribe(1, 1, null);
      x.c().send(RawMqtt.puback(x.nextPublish().packetId()));
      x.subscribe(2, 1, null);
      RawMqtt.Publish again = x.nextPublish();
      assertThat(again.retain()).isTrue();
      x.c().send(RawMqtt.puback(again.packetId()));
    }
  }

  /**
   * [MQTT-3.8.4-6] (3.1.1), 5: 3.8.4: the config is delivered at the lower of its QoS (1) and the
   * granted QoS: a QoS 0 subscription gets a QoS 0 PUBLISH, without packet identifier.
   */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void aQosZeroSubscriptionGetsTheConfigAtQosZero(int version) throws Exception {
    try (Session x = session(version)) {
      assertThat(x.subscribe(1, 0, null)).containsExactly(0);
      RawMqtt.Publish p = x.nextPublish();
      assertThat(p.qos()).isZero();
      assertThat(p.retain()).isTrue();
      s.changeConfig(x.d(), 48);
      RawMqtt.Publish live = x.nextPublish();
      assertThat(live.qos()).isZero();
      assertThat(interval(live)).isEqualTo(48);
    }
  }

  /** 5: [MQTT-3.2.2-10] / 3.1.1: 3.9.3: a QoS 2 subscription is granted the Maximum QoS, 1. */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void aQosTwoSubscriptionIsGrantedQosOne(int version) throws Exception {
    try (Session x = session(version)) {
      assertThat(x.subscribe(1, 2, null)).containsExactly(1);
      assertThat(x.nextPublish().qos()).isEqualTo(1);
    }
  }

  /** 5: [MQTT-3.3.4-3]: the Subscription Identifier comes with every config it delivers. */
  @Test
  void theSubscriptionIdentifierComesWithTheConfig() throws Exception {
    try (Session x = session(V5)) {
      x.subscribe(1, 1, 300);
      RawMqtt.Publish retained = x.nextPublish();
      assertThat(retained.properties()).containsEntry(RawMqtt.SUBSCRIPTION_IDENTIFIER, 300);
      x.c().send(RawMqtt.puback(retained.packetId()));
      s.changeConfig(x.d(), 49);
      assertThat(x.nextPublish().properties()).containsEntry(RawMqtt.SUBSCRIPTION_IDENTIFIER, 300);
    }
  }

  /**
   * 5: 3.11.3: UNSUBACK carries a reason code per filter: 0x00 for the subscription it ended, 0x11
   * No subscription existed otherwise; [MQTT-3.10.4-4], [MQTT-3.10.4-5]: answered even when nothing
   * matched.
   */
  @Test
  void unsubackSaysPerFilterWhetherASubscriptionExisted() throws Exception {
    try (Session x = session(V5)) {
      x.subscribe(1, 1, null);
      x.c().send(RawMqtt.puback(x.nextPublish().packetId()));
      x.c().send(x.c().unsubscribe(2, x.config(), "yz/v1/st/other/dev/other/config"));
      RawMqtt.Packet ack = x.c().read();
      assertThat(ack.type()).isEqualTo(UNSUBACK);
      assertThat(ack.packetId()).isEqualTo(2);
      assertThat(ack.reasonCodes(V5)).containsExactly(0x00, 0x11);
      x.c().send(x.c().unsubscribe(3, x.config()));
      assertThat(x.c().read().reasonCodes(V5)).containsExactly(0x11);
    }
  }

  /** [MQTT-3.10.4-4] (3.1.1): UNSUBACK echoes the packet identifier and has no payload. */
  @Test
  void unsubackOverMqtt311HasNoReasonCodes() throws Exception {
    try (Session x = session(V311)) {
      x.c().send(x.c().unsubscribe(9, x.config()));
      RawMqtt.Packet ack = x.c().read();
      assertThat(ack.type()).isEqualTo(UNSUBACK);
      assertThat(ack.body()).hasSize(2);
      assertThat(ack.packetId()).isEqualTo(9);
    }
  }

  /**
   * [MQTT-3.10.4-2] (both): after UNSUBSCRIBE no new config is sent; the admin API says the change
   * waits for the next subscribe.
   */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void noConfigIsSentAfterUnsubscribe(int version) throws Exception {
    try (Session x = session(version)) {
      x.subscribe(1, 1, null);
      x.c().send(RawMqtt.puback(x.nextPublish().packetId()));
      x.c().send(x.c().unsubscribe(2, x.config()));
      assertThat(x.c().read().type()).isEqualTo(UNSUBACK);
      assertThat(s.changeConfig(x.d(), 51)).isEqualTo("on_next_subscribe");
      x.assertNothingSent();
      x.subscribe(3, 1, null);
      assertThat(interval(x.nextPublish())).isEqualTo(51);
    }
  }

  /**
   * 5: [MQTT-3.3.4-9]: no more unacknowledged QoS 1 PUBLISHes than the client's Receive Maximum
   * (here 1): changes made while a config is unacknowledged wait, and only the latest goes out once
   * it is acknowledged, since each configuration is complete.
   */
  @Test
  void theClientsReceiveMaximumIsRespected() throws Exception {
    try (Session x = session(V5, new RawMqtt.Connect().property(RawMqtt.RECEIVE_MAXIMUM, 1))) {
      x.subscribe(1, 1, null);
      RawMqtt.Publish first = x.nextPublish();
      assertThat(s.changeConfig(x.d(), 52)).isEqualTo("pushed");
      assertThat(s.changeConfig(x.d(), 53)).isEqualTo("pushed");
      x.assertNothingSent();
      x.c().send(RawMqtt.puback(first.packetId()));
      RawMqtt.Publish latest = x.nextPublish();
      assertThat(interval(latest)).isEqualTo(53);
      assertThat(latest.packetId()).isNotEqualTo(first.packetId());
      x.c().send(RawMqtt.puback(latest.packetId()));
      x.assertNothingSent();
    }
  }

  /**
   * 5: [MQTT-3.1.2-24], [MQTT-3.1.2-25]: a config PUBLISH larger than the client's Maximum Packet
   * Size is not sent; one that fits exactly is.
   */
  @Test
  void aConfigOverTheClientsMaximumPacketSizeIsNotSent() throws Exception {
    int size;
    try (Session x = session(V5)) {
      x.subscribe(1, 1, null);
      RawMqtt.Packet p = x.c().read();
      size = p.wireBytes();
    }
    try (Session x =
        session(V5, new RawMqtt.Connect().property(RawMqtt.MAXIMUM_PACKET_SIZE, (long) size))) {
      x.subscribe(1, 1, null);
      RawMqtt.Packet p = x.c().read();
      assertThat(p.type()).isEqualTo(PUBLISH);
      assertThat(p.wireBytes()).isEqualTo(size);
    }
    try (Session x =
        session(V5, new RawMqtt.Connect().property(RawMqtt.MAXIMUM_PACKET_SIZE, (long) size - 1))) {
      x.subscribe(1, 1, null);
      x.assertNothingSent();
    }
  }
}
