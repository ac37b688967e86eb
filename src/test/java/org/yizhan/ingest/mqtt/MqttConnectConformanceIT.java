package org.yizhan.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.ingest.mqtt.ConformanceServer.birth;
import static org.yizhan.ingest.mqtt.ConformanceServer.connect;
import static org.yizhan.ingest.mqtt.ConformanceServer.connectAs;
import static org.yizhan.ingest.mqtt.ConformanceServer.reading;
import static org.yizhan.ingest.mqtt.RawMqtt.CONNACK;
import static org.yizhan.ingest.mqtt.RawMqtt.DISCONNECT;
import static org.yizhan.ingest.mqtt.RawMqtt.PINGRESP;
import static org.yizhan.ingest.mqtt.RawMqtt.PUBACK;
import static org.yizhan.ingest.mqtt.RawMqtt.V311;
import static org.yizhan.ingest.mqtt.RawMqtt.V5;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yizhan.ingest.mqtt.ConformanceServer.Device;
import org.yizhan.telemetry.RejectReason;

/**
 * CONNECT, the client's own limits and the packet rules every MQTT server keeps, against MQTT 3.1.1
 * and 5 in raw packets. Each test names the requirement it checks (3.1.1 numbers as [MQTT-x] of
 * that version, MQTT 5 ones marked "5:").
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MqttConnectConformanceIT {

  private static final String LWT = "{\"state\":\"offline\",\"reason\":\"lwt\"}";
  private static final byte[] TOO_HOT =
      "{\"seq\":1,\"ts\":\"2026-01-01T00:00:00Z\",\"temperature_c\":99}"
          .getBytes(StandardCharsets.UTF_8);

  private static ConformanceServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new ConformanceServer("mqcon-st-1");
  }

  @AfterAll
  static void stop() throws Exception {
    s.close();
  }

  // --- the will ---------------------------------------------------------------------------------

  /**
   * 5: [MQTT-3.2.2-12]: a will with a QoS above the Maximum QoS 1 is refused with CONNACK 0x9B QoS
   * not supported and the connection closed; counted as qos_not_supported.
   */
  @Test
  void aWillWithQosTwoIsRefusedOverMqtt5() throws Exception {
    Device d = s.provision();
    long before = s.rejections(RejectReason.QOS_NOT_SUPPORTED);
    try (RawMqtt c = s.open(V5)) {
      RawMqtt.Packet ack = connect(c, connectAs(d).will(d.topic("status"), LWT, 2));
      assertThat(ack.connectCode()).isEqualTo(0x9B);
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(s.rejections(RejectReason.QOS_NOT_SUPPORTED)).isEqualTo(before + 1);
  }

  /**
   * 5: 3.1.2.11.3 and 3.1.2.11.4: a Receive Maximum or a Maximum Packet Size of 0 is a Protocol
   * Error: CONNACK 0x82 and the connection closed, counted as protocol_error.
   */
  @Test
  void aReceiveMaximumOrMaximumPacketSizeOfZeroIsAProtocolError() throws Exception {
    Device d = s.provision();
    for (RawMqtt.Connect bad :
        List.of(
            connectAs(d).property(RawMqtt.RECEIVE_MAXIMUM, 0),
            connectAs(d).property(RawMqtt.MAXIMUM_PACKET_SIZE, 0L))) {
      long before = s.rejections(RejectReason.PROTOCOL_ERROR);
      try (RawMqtt c = s.open(V5)) {
        RawMqtt.Packet ack = connect(c, bad);
        assertThat(ack.connectCode()).isEqualTo(0x82);
        assertThat(c.closedByServer()).isTrue();
      }
      assertThat(s.rejections(RejectReason.PROTOCOL_ERROR)).isEqualTo(before + 1);
    }
    try (RawMqtt c = s.open(V5)) {
      assertThat(connect(c, connectAs(d).property(RawMqtt.RECEIVE_MAXIMUM, 1)).connectCode())
          .as("a Receive Maximum of 1 is fine")
          .isZero();
    }
  }

  /**
   * MQTT 3.1.1 cannot announce a maximum QoS, and 3.1.2.6 allows a will of QoS 2: it is accepted
   * (the server only ever uses a will itself, to mark the device offline).
   */
  @Test
  void aWillWithQosTwoIsAcceptedOverMqtt311() throws Exception {
    Device d = s.provision();
    try (RawMqtt c = s.open(V311)) {
      assertThat(connect(c, connectAs(d).will(d.topic("status"), LWT, 2)).connectCode()).isZero();
    }
  }

  /**
   * 5: 3.1.3.2.2: the will is used when its Will Delay Interval has passed or the session ends,
   * whichever comes first. No session outlives its connection here (the CONNACK says Session Expiry
   * Interval 0, 3.2.2.3.2), so the will is used as soon as the connection drops, even with a delay
   * of an hour: the device shows offline at once.
   */
  @Test
  void aWillDelayEndsWithTheSessionWhichEndsWithTheConnection() throws Exception {
    Device d = s.provision();
    try (RawMqtt c = s.open(V5)) {
      RawMqtt.Connect connect =
          connectAs(d)
              .will(d.topic("status"), LWT, 1)
              .willProperty(RawMqtt.WILL_DELAY_INTERVAL, 3600L)
              .property(RawMqtt.SESSION_EXPIRY_INTERVAL, 3600L);
      connect.cleanStart = false;
      RawMqtt.Packet ack = connect(c, connect);
      assertThat(ack.connectCode()).isZero();
      assertThat(ack.properties()).containsEntry(RawMqtt.SESSION_EXPIRY_INTERVAL, 0L);
      c.send(c.publish(d.topic("status"), 1, 1, birth(), null));
      assertThat(c.read(PUBACK).pubackCode()).isZero();
      assertThat(s.device(d.id()).getString("connection")).isEqualTo("online");
    } // the TCP connection is cut without DISCONNECT
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!"lwt".equals(s.device(d.id()).getString("connection_reason"))) {
      assertThat(Instant.now()).as("offline (lwt) within 10 s").isBefore(deadline);
      Thread.sleep(50);
    }
    assertThat(s.device(d.id()).getString("connection")).isEqualTo("offline");
  }

  /** [MQTT-3.14.4-3] (both): after a DISCONNECT the will is discarded. */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void aDisconnectDiscardsTheWill(int version) throws Exception {
    Device d = s.provision();
    try (RawMqtt c = s.open(version)) {
      connect(c, connectAs(d).will(d.topic("status"), LWT, 1));
      c.send(c.publish(d.topic("status"), 1, 1, birth(), null));
      c.read(PUBACK);
      c.send(c.disconnect());
      assertThat(c.closedByServer()).isTrue();
    }
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (!"offline".equals(s.device(d.id()).getString("connection"))) {
      assertThat(Instant.now()).isBefore(deadline);
      Thread.sleep(50);
    }
    assertThat(s.device(d.id()).getString("connection_reason")).isEqualTo("disconnect");
  }

  // --- the client identifier --------------------------------------------------------------------

  /**
   * 5: [MQTT-3.1.3-6], [MQTT-3.2.2-16]: an empty client id is accepted and the CONNACK carries the
   * Assigned Client Identifier; [MQTT-3.1.3-6] (3.1.1): accepted with CleanSession 1.
   */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void anEmptyClientIdIsGivenOne(int version) throws Exception {
    Device d = s.provision();
    try (RawMqtt c = s.open(version)) {
      RawMqtt.Packet ack = connect(c, connectAs(d).as("", d.id(), d.secret()));
      assertThat(ack.connectCode()).isZero();
      if (version == V5) {
        assertThat((String) ack.properties().get(RawMqtt.ASSIGNED_CLIENT_IDENTIFIER)).isNotBlank();
      }
      c.send(c.publish(d.topic("telemetry"), 1, 1, reading(), null));
      assertThat(c.read(PUBACK).pubackCode()).isZero();
    }
  }

  /**
   * [MQTT-3.1.3-8] (3.1.1): an empty client id with CleanSession 0 gets return code 0x02 Identifier
   * rejected; MQTT 5 lets a server refuse it too (3.1.3.1), with 0x85 Client Identifier not valid.
   */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void anEmptyClientIdWithoutCleanStartIsRefused(int version) throws Exception {
    Device d = s.provision();
    try (RawMqtt c = s.open(version)) {
      RawMqtt.Connect connect = connectAs(d).as("", d.id(), d.secret());
      connect.cleanStart = false;
      assertThat(connect(c, connect).connectCode()).isEqualTo(version == V5 ? 0x85 : 0x02);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  // --- the client's own limits ------------------------------------------------------------------

  /**
   * 5: [MQTT-3.1.2-29]: with Request Problem Information 0 a PUBACK carries no Reason String; with
   * the default (1) it does.
   */
  @Test
  void noReasonStringWhenTheClientAskedForNoProblemInformation() throws Exception {
    Device d = s.provision();
    for (int asked : new int[] {0, 1}) {
      try (RawMqtt c = s.open(V5)) {
        connect(c, connectAs(d).property(RawMqtt.REQUEST_PROBLEM_INFORMATION, asked));
        c.send(c.publish(d.topic("telemetry"), 1, 1, TOO_HOT, null));
        RawMqtt.Packet ack = c.read(PUBACK);
        assertThat(ack.pubackCode()).isEqualTo(0x99);
        if (asked == 0) {
          assertThat(ack.properties()).doesNotContainKey(RawMqtt.REASON_STRING);
        } else {
          assertThat((String) ack.properties().get(RawMqtt.REASON_STRING))
              .startsWith("schema_violation: ");
        }
      }
    }
  }

  /**
   * 5: [MQTT-3.1.2-24], [MQTT-3.4.2-2], [MQTT-3.14.2-3]: a Reason String that would make a PUBACK
   * or DISCONNECT larger than the client's Maximum Packet Size is left out; the packet still comes.
   */
  @Test
  void reasonStringsThatWouldNotFitTheClientsMaximumPacketSizeAreLeftOut() throws Exception {
    Device d = s.provision();
    long max = 16;
    try (RawMqtt c = s.open(V5)) {
      connect(c, connectAs(d).property(RawMqtt.MAXIMUM_PACKET_SIZE, max));
      c.send(c.publish(d.topic("telemetry"), 1, 1, TOO_HOT, null));
      RawMqtt.Packet ack = c.read(PUBACK);
      assertThat(ack.pubackCode()).isEqualTo(0x99);
      assertThat(ack.wireBytes()).isLessThanOrEqualTo((int) max);
      c.send(c.publish(d.topic("telemetry"), 1, 2, reading(), 1)); // a topic alias: 0x94
      RawMqtt.Packet bye = c.read(DISCONNECT);
      assertThat(bye.disconnectCode()).isEqualTo(0x94);
      assertThat(bye.wireBytes()).isLessThanOrEqualTo((int) max);
    }
  }

  // --- packet rules -----------------------------------------------------------------------------

  /** [MQTT-3.1.0-1] (both): a first packet other than CONNECT closes the connection. */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void theFirstPacketMustBeConnect(int version) throws Exception {
    try (RawMqtt c = s.open(version)) {
      c.send(RawMqtt.pingreq());
      assertThat(c.closedByServer()).isTrue();
    }
  }

  /** [MQTT-3.1.0-2] (both): a second CONNECT is a protocol violation and closes the connection. */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void aSecondConnectClosesTheConnection(int version) throws Exception {
    Device d = s.provision();
    try (RawMqtt c = s.open(version)) {
      connect(c, connectAs(d));
      c.send(c.connect(connectAs(d)));
      assertThat(c.closedByServer()).isTrue();
    }
  }

  /**
   * [MQTT-3.1.2-2] (3.1.1), 5: 3.1.2.2: an unsupported protocol level gets return code 0x01 (reason
   * 0x84 Unsupported Protocol Version) and the connection is closed.
   */
  @Test
  void anUnsupportedProtocolLevelIsRefused() throws Exception {
    Device d = s.provision();
    try (RawMqtt c = RawMqtt.open(s.server.config().mqtt().port(), 6)) {
      c.send(c.connect(connectAs(d)));
      RawMqtt.Packet ack = c.read();
      assertThat(ack.type()).isEqualTo(CONNACK);
      assertThat(ack.connectCode()).isIn(0x01, 0x84);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  /** [MQTT-3.1.2-3] (both): a CONNECT whose reserved flag is set closes the connection. */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void aConnectWithTheReservedFlagSetIsRefused(int version) throws Exception {
    Device d = s.provision();
    try (RawMqtt c = s.open(version)) {
      byte[] connect = c.connect(connectAs(d));
      // The Connect Flags byte follows the protocol name (2+4 bytes) and level after the fixed
      // header (type byte and a one-byte Remaining Length here).
      connect[2 + 6 + 1] |= 0x01;
      c.send(connect);
      assertThat(readsNoConnackBeforeClose(c)).isTrue();
    }
  }

  /** [MQTT-3.3.1-4] (both): a PUBLISH with both QoS bits set closes the connection. */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void aPublishWithQosThreeClosesTheConnection(int version) throws Exception {
    Device d = s.provision();
    try (RawMqtt c = s.open(version)) {
      connect(c, connectAs(d));
      byte[] p = c.publish(d.topic("telemetry"), 1, 1, reading(), null);
      p[0] |= 0x06;
      c.send(p);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  /** [MQTT-3.3.2-2] (both): a PUBLISH topic with a wildcard closes the connection. */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void aPublishTopicWithAWildcardClosesTheConnection(int version) throws Exception {
    Device d = s.provision();
    try (RawMqtt c = s.open(version)) {
      connect(c, connectAs(d));
      c.send(c.publish("yz/v1/st/" + s.station + "/dev/+/telemetry", 1, 1, reading(), null));
      RawMqtt.Packet first = readOrNull(c);
      assertThat(first == null || first.type() == DISCONNECT)
          .as("no PUBACK for a wildcard topic")
          .isTrue();
      assertThat(c.closedByServer()).isTrue();
    }
  }

  /** [MQTT-3.8.1-1] (both): a SUBSCRIBE whose fixed header flags are not 0010 closes the line. */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void aSubscribeWithWrongFlagsClosesTheConnection(int version) throws Exception {
    Device d = s.provision();
    try (RawMqtt c = s.open(version)) {
      connect(c, connectAs(d));
      byte[] sub = c.subscribe(1, d.topic("config"), 1, null);
      sub[0] = (byte) 0x80;
      c.send(sub);
      RawMqtt.Packet first = readOrNull(c);
      assertThat(first == null || first.type() == DISCONNECT).as("no SUBACK").isTrue();
      assertThat(c.closedByServer()).isTrue();
    }
  }

  /** [MQTT-2.3.1-1] (both): a QoS 1 PUBLISH with packet identifier 0 closes the connection. */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void aQosOnePublishWithPacketIdZeroClosesTheConnection(int version) throws Exception {
    Device d = s.provision();
    try (RawMqtt c = s.open(version)) {
      connect(c, connectAs(d));
      c.send(c.publish(d.topic("telemetry"), 1, 0, reading(), null));
      RawMqtt.Packet first = readOrNull(c);
      assertThat(first == null || first.type() == DISCONNECT).as("no PUBACK").isTrue();
      assertThat(c.closedByServer()).isTrue();
    }
  }

  /** [MQTT-3.12.4-1] (both): a PINGREQ is answered with a PINGRESP. */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void pingreqGetsPingresp(int version) throws Exception {
    Device d = s.provision();
    try (RawMqtt c = s.open(version)) {
      connect(c, connectAs(d));
      c.send(RawMqtt.pingreq());
      assertThat(c.read().type()).isEqualTo(PINGRESP);
    }
  }

  /**
   * [MQTT-4.3.2-2], [MQTT-2.3.1-6] (both): a QoS 1 PUBLISH resent with DUP 1 under the same packet
   * identifier is acknowledged again with that identifier, and its reading is stored once.
   */
  @ParameterizedTest
  @ValueSource(ints = {V311, V5})
  void aDuplicateIsAcknowledgedAndStoredOnce(int version) throws Exception {
    Device d = s.provision();
    byte[] one = reading();
    try (RawMqtt c = s.open(version)) {
      connect(c, connectAs(d));
      byte[] p = c.publish(d.topic("telemetry"), 1, 5, one, null);
      c.send(p);
      assertThat(c.read(PUBACK).packetId()).isEqualTo(5);
      p[0] |= 0x08;
      c.send(p);
      assertThat(c.read(PUBACK).packetId()).isEqualTo(5);
    }
    assertThat(s.storedReadings(d.id())).isEqualTo(1);
  }

  private static RawMqtt.Packet readOrNull(RawMqtt c) {
    try {
      return c.read();
    } catch (java.io.IOException e) {
      return null;
    }
  }

  private static boolean readsNoConnackBeforeClose(RawMqtt c) throws Exception {
    RawMqtt.Packet first = readOrNull(c);
    if (first != null && first.type() == CONNACK && first.connectCode() == 0) {
      return false;
    }
    return c.closedByServer();
  }
}
