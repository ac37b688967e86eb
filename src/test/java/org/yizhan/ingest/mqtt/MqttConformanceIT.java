package org.yizhan.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.ingest.mqtt.RawMqtt.CONNACK;
import static org.yizhan.ingest.mqtt.RawMqtt.DISCONNECT;
import static org.yizhan.ingest.mqtt.RawMqtt.PINGRESP;
import static org.yizhan.ingest.mqtt.RawMqtt.PUBACK;
import static org.yizhan.ingest.mqtt.RawMqtt.V311;
import static org.yizhan.ingest.mqtt.RawMqtt.V5;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The built-in endpoint against the MQTT 3.1.1 and 5 requirements and the firmware contract's
 * limits, in raw packets so that no client library smooths over what the server sends. Each test
 * names the normative statement it checks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MqttConformanceIT {

  static final String STATION = "mqc-st-1";
  private static final AtomicLong SEQ = new AtomicLong(1);
  private static Server server;
  private static Http http;
  static Device a;
  static Device b;

  /** A provisioned device. */
  record Device(String id, String secret) {
    String topic(String kind) {
      return "yz/v1/st/" + STATION + "/dev/" + id + "/" + kind;
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    http.createStation(STATION, "一致性", 112.55, 37.87);
    a = provision();
    b = provision();
  }

  static Device provision() throws Exception {
    JsonObject d = http.provisionDevice(STATION, 60);
    return new Device(d.getString("id"), d.getString("secret"));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static RawMqtt open(int version) throws IOException {
    return RawMqtt.open(server.config().mqtt().port(), version);
  }

  /** CONNECT as the contract recommends (client id = device id, will, keep alive 60). */
  static RawMqtt.Packet connect(RawMqtt c, Device d) throws IOException {
    return connect(c, d, d.id(), 60);
  }

  static RawMqtt.Packet connect(RawMqtt c, Device d, String clientId, int keepAliveS)
      throws IOException {
    c.send(
        c.connect(
            clientId,
            d.id(),
            d.secret(),
            keepAliveS,
            false,
            c.version == V5 ? 86_400 : null,
            d.topic("status"),
            "{\"state\":\"offline\",\"reason\":\"lwt\"}"));
    return c.read(CONNACK);
  }

  static byte[] reading() {
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    return ("{\"seq\":" + SEQ.getAndIncrement() + ",\"ts\":\"" + ts + "\",\"occupancy\":3}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static byte[] birth() {
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    return ("{\"state\":\"online\",\"ts\":\"" + ts + "\",\"fw\":\"1.0.0\",\"interval_s\":60}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static long rejections(RejectReason r) {
    return server.rejections().count(r);
  }

  // --- CONNACK: what is announced -------------------------------------------------------------

  /**
   * Verifies that an MQTT 5 CONNACK announces the contract's limits: Maximum QoS 1 [MQTT-3.2.2-9],
   * Receive Maximum 10, Maximum Packet Size 65536 [MQTT-3.2.2-15], Topic Alias Maximum 0
   * [MQTT-3.2.2-18], and no Server Keep Alive for a keep alive within the contract [MQTT-3.2.2-22].
   */
  @Test
  void connackAnnouncesTheContractLimits() throws Exception {
    try (RawMqtt c = open(V5)) {
      RawMqtt.Packet ack = connect(c, a);
      assertThat(ack.connectCode()).isZero();
      Map<Integer, Object> p = ack.properties();
      assertThat(p)
          .containsEntry(RawMqtt.MAXIMUM_QOS, 1)
          .containsEntry(RawMqtt.RECEIVE_MAXIMUM, 10)
          .containsEntry(RawMqtt.MAXIMUM_PACKET_SIZE, 65_536L)
          .containsEntry(RawMqtt.TOPIC_ALIAS_MAXIMUM, 0)
          .doesNotContainKey(RawMqtt.SERVER_KEEP_ALIVE);
    }
  }

  /**
   * Verifies that Session Present is 0 when the server keeps no session state, also with
   * CleanSession / Clean Start 0 and on a reconnect [MQTT-3.2.2-3], and that an MQTT 5 client
   * asking for a Session Expiry Interval is told 0 (section 3.2.2.3.2).
   */
  @Test
  void sessionPresentIsZeroBecauseNoSessionIsKept() throws Exception {
    for (int version : new int[] {V311, V5}) {
      for (int attempt = 0; attempt < 2; attempt++) {
        try (RawMqtt c = open(version)) {
          RawMqtt.Packet ack = connect(c, a);
          assertThat(ack.connectCode()).isZero();
          assertThat(ack.sessionPresent()).as("Session Present, version %d", version).isFalse();
          if (version == V5) {
            assertThat(ack.properties()).containsEntry(RawMqtt.SESSION_EXPIRY_INTERVAL, 0L);
          }
          c.send(c.disconnect());
        }
      }
    }
  }

  // --- client identifier ----------------------------------------------------------------------

  /**
   * Verifies that a client id of 64 characters is accepted and one of 65 refused: MQTT 5 CONNACK
   * 0x85 Client Identifier not valid and a closed connection [MQTT-3.1.3-8]; MQTT 3.1.1 return code
   * 0x02 Identifier rejected [MQTT-3.1.3-9]. Each refusal is counted.
   */
  @Test
  void clientIdsOverSixtyFourCharactersAreRefused() throws Exception {
    String longest = "c".repeat(64);
    for (int version : new int[] {V311, V5}) {
      try (RawMqtt c = open(version)) {
        assertThat(connect(c, a, longest, 60).connectCode()).isZero();
        c.send(c.disconnect());
      }
      long before = rejections(RejectReason.PROTOCOL_ERROR);
      try (RawMqtt c = open(version)) {
        RawMqtt.Packet ack = connect(c, a, longest + "c", 60);
        assertThat(ack.connectCode()).isEqualTo(version == V5 ? 0x85 : 0x02);
        assertThat(ack.sessionPresent()).isFalse();
        assertThat(c.closedByServer()).isTrue();
      }
      assertThat(rejections(RejectReason.PROTOCOL_ERROR)).isEqualTo(before + 1);
    }
  }

  // --- Maximum Packet Size --------------------------------------------------------------------

  /**
   * Verifies that a PUBLISH of exactly the announced Maximum Packet Size is processed (its payload
   * is over the contract's 16 KiB, so PUBACK 0x99), and that one byte more gets DISCONNECT 0x95
   * Packet too large before the close [MQTT-3.2.2-15], counted as payload_too_large.
   */
  @Test
  void aPacketOverTheMaximumPacketSizeGetsDisconnect0x95() throws Exception {
    try (RawMqtt c = open(V5)) {
      connect(c, a);
      c.send(sized(c, 65_536, 1));
      RawMqtt.Packet ack = c.read(PUBACK);
      assertThat(ack.packetId()).isEqualTo(1);
      assertThat(ack.pubackCode()).isEqualTo(0x99);
    }
    long before = rejections(RejectReason.PAYLOAD_TOO_LARGE);
    try (RawMqtt c = open(V5)) {
      connect(c, a);
      c.send(sized(c, 65_537, 2));
      RawMqtt.Packet d = c.read(DISCONNECT);
      assertThat(d.disconnectCode()).isEqualTo(0x95);
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(rejections(RejectReason.PAYLOAD_TOO_LARGE)).isEqualTo(before + 1);
  }

  /**
   * Verifies that over MQTT 3.1.1, which has no server DISCONNECT, an oversized packet closes the
   * connection and is counted.
   */
  @Test
  void anOversizedPacketOverMqtt311ClosesTheConnectionAndIsCounted() throws Exception {
    long before = rejections(RejectReason.PAYLOAD_TOO_LARGE);
    try (RawMqtt c = open(V311)) {
      connect(c, a);
      c.send(sized(c, 70_000, 3));
      assertThat(c.closedByServer()).isTrue();
    }
    assertThat(rejections(RejectReason.PAYLOAD_TOO_LARGE)).isEqualTo(before + 1);
  }

  /** A QoS 1 telemetry PUBLISH of exactly {@code total} bytes, fixed header included. */
  static byte[] sized(RawMqtt c, int total, int packetId) {
    byte[] empty = c.publish(a.topic("telemetry"), 1, packetId, new byte[0], null);
    // The empty packet's Remaining Length takes one byte; at these sizes it takes three.
    int payload = total - (empty.length + 2);
    byte[] body = new byte[payload];
    Arrays.fill(body, (byte) ' ');
    byte[] p = c.publish(a.topic("telemetry"), 1, packetId, body, null);
    assertThat(p).hasSize(total);
    return p;
  }

  // --- Topic aliases --------------------------------------------------------------------------

  /**
   * Verifies that a Topic Alias is refused with DISCONNECT 0x94 Topic Alias invalid, both alias 0
   * [MQTT-3.3.2-8] and alias 1 when the Topic Alias Maximum is 0 [MQTT-3.2.2-18], and counted.
   */
  @Test
  void topicAliasesAreAProtocolError() throws Exception {
    for (int alias : new int[] {0, 1}) {
      long before = rejections(RejectReason.PROTOCOL_ERROR);
      try (RawMqtt c = open(V5)) {
        connect(c, a);
        c.send(c.publish(a.topic("telemetry"), 1, 7, reading(), alias));
        RawMqtt.Packet d = c.read();
        assertThat(d.type()).as("alias %d", alias).isEqualTo(DISCONNECT);
        assertThat(d.disconnectCode()).isEqualTo(0x94);
        assertThat(c.closedByServer()).isTrue();
      }
      assertThat(rejections(RejectReason.PROTOCOL_ERROR)).isEqualTo(before + 1);
    }
  }

  // --- Receive Maximum ------------------------------------------------------------------------

  /**
   * Verifies that the contract's 10 unacknowledged QoS 1 PUBLISHes are all answered, and that an
   * 11th while all 10 are unanswered is refused with DISCONNECT 0x93 Receive Maximum exceeded
   * [MQTT-3.3.4-7] (MQTT 3.1.1: the connection is closed), counted. The PUBLISHes go in one write,
   * so the server reads them all before any can be committed.
   */
  @Test
  void moreThanTenUnacknowledgedPublishesAreRefused() throws Exception {
    for (int version : new int[] {V311, V5}) {
      try (RawMqtt c = open(version)) {
        connect(c, a);
        c.send(publishes(c, 10));
        for (int i = 1; i <= 10; i++) {
          RawMqtt.Packet ack = c.read(PUBACK);
          assertThat(ack.packetId()).isEqualTo(i);
          assertThat(ack.pubackCode()).isZero();
        }
      }
      long before = rejections(RejectReason.PROTOCOL_ERROR);
      try (RawMqtt c = open(version)) {
        connect(c, a);
        c.send(publishes(c, 11));
        if (version == V5) {
          assertThat(c.read(DISCONNECT).disconnectCode()).isEqualTo(0x93);
        }
        assertThat(c.closedByServer()).isTrue();
      }
      assertThat(rejections(RejectReason.PROTOCOL_ERROR)).isEqualTo(before + 1);
    }
  }

  static byte[][] publishes(RawMqtt c, int n) {
    byte[][] out = new byte[n][];
    for (int i = 0; i < n; i++) {
      out[i] = c.publish(a.topic("telemetry"), 1, i + 1, reading(), null);
    }
    return out;
  }

  // --- Keep alive -----------------------------------------------------------------------------

  /**
   * Verifies that a keep alive of 0 (none) or over the contract's 300 s gets Server Keep Alive 300
   * in the MQTT 5 CONNACK [MQTT-3.2.2-21], and that 60 to 300 s is left as asked [MQTT-3.2.2-22].
   */
  @Test
  void keepAliveOutsideTheContractIsReplacedByServerKeepAlive() throws Exception {
    int[][] askedAndAssigned = {{0, 300}, {600, 300}, {65_535, 300}};
    for (int[] c2 : askedAndAssigned) {
      try (RawMqtt c = open(V5)) {
        RawMqtt.Packet ack = connect(c, a, a.id(), c2[0]);
        assertThat(ack.properties()).containsEntry(RawMqtt.SERVER_KEEP_ALIVE, c2[1]);
      }
    }
    for (int asked : new int[] {60, 300}) {
      try (RawMqtt c = open(V5)) {
        assertThat(connect(c, a, a.id(), asked).properties())
            .doesNotContainKey(RawMqtt.SERVER_KEEP_ALIVE);
      }
    }
  }

  // --- Takeover -------------------------------------------------------------------------------

  /**
   * Verifies that a second connection of the same device closes the first with DISCONNECT 0x8E
   * Session taken over [MQTT-3.1.4-3], whatever its client id, without the first one's will: the
   * device stays online while its new connection publishes.
   */
  @Test
  void aSecondConnectionOfTheDeviceTakesOverWithoutTheWill() throws Exception {
    try (RawMqtt first = open(V5)) {
      connect(first, b);
      first.send(first.publish(b.topic("status"), 1, 1, birth(), null));
      assertThat(first.read(PUBACK).pubackCode()).isZero();
      try (RawMqtt second = open(V5)) {
        assertThat(connect(second, b, b.id() + "-other-box", 60).connectCode()).isZero();
        assertThat(first.read(DISCONNECT).disconnectCode()).isEqualTo(0x8E);
        assertThat(first.closedByServer()).isTrue();
        second.send(second.publish(b.topic("telemetry"), 1, 1, reading(), null));
        assertThat(second.read(PUBACK).pubackCode()).isZero();
        JsonObject shown = device(b.id());
        assertThat(shown.getString("connection")).isEqualTo("online");
        assertThat(shown.getString("connection_reason")).isEqualTo("birth");
        second.send(RawMqtt.pingreq());
        assertThat(second.read().type()).isEqualTo(PINGRESP);
      }
    }
  }

  /** Verifies that over MQTT 3.1.1 the first connection is closed [MQTT-3.1.4-2]. */
  @Test
  void aSecondConnectionOverMqtt311ClosesTheFirst() throws Exception {
    try (RawMqtt first = open(V311);
        RawMqtt second = open(V311)) {
      connect(first, b);
      connect(second, b);
      assertThat(first.closedByServer()).isTrue();
      second.send(RawMqtt.pingreq());
      assertThat(second.read().type()).isEqualTo(PINGRESP);
    }
  }

  /**
   * Verifies that two devices using the same client id do not close each other: takeover goes by
   * the authenticated device (contract section 2), so no device can push another off.
   */
  @Test
  void twoDevicesWithTheSameClientIdStayConnected() throws Exception {
    try (RawMqtt first = open(V5);
        RawMqtt second = open(V5)) {
      assertThat(connect(first, a, "shared-client-id", 60).connectCode()).isZero();
      assertThat(connect(second, b, "shared-client-id", 60).connectCode()).isZero();
      for (RawMqtt c : new RawMqtt[] {first, second}) {
        c.send(RawMqtt.pingreq());
        assertThat(c.read().type()).isEqualTo(PINGRESP);
      }
    }
  }

  /** The device as the admin API shows it. */
  static JsonObject device(String id) throws Exception {
    var r = http.send(http.admin("/api/v1/devices?station_id=" + STATION));
    assertThat(r.statusCode()).isEqualTo(200);
    return new JsonObject(r.body())
        .getJsonArray("devices").stream()
            .map(JsonObject.class::cast)
            .filter(o -> o.getString("id").equals(id))
            .findFirst()
            .orElseThrow();
  }
}
