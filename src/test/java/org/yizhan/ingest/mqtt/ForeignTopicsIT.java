package org.yizhan.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.ingest.mqtt.ConformanceServer.connect;
import static org.yizhan.ingest.mqtt.ConformanceServer.connectAs;
import static org.yizhan.ingest.mqtt.RawMqtt.PINGRESP;
import static org.yizhan.ingest.mqtt.RawMqtt.PUBACK;
import static org.yizhan.ingest.mqtt.RawMqtt.SUBACK;
import static org.yizhan.ingest.mqtt.RawMqtt.V311;
import static org.yizhan.ingest.mqtt.RawMqtt.V5;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.ingest.mqtt.ConformanceServer.Device;
import org.yizhan.telemetry.RejectReason;

/**
 * A device may publish only on its own topics and subscribe only to its own config topic (contract
 * §1, §8; ingest.md step 3), in raw packets: over MQTT 5 a foreign PUBLISH gets PUBACK {@code 0x87}
 * with a reason string and the connection stays; a foreign SUBSCRIBE gets {@code 0x80} (3.1.1) or
 * {@code 0x87} (5) for that filter alone.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ForeignTopicsIT {

  private static final int NOT_AUTHORIZED_5 = 0x87;
  private static final int FAILURE_311 = 0x80;

  private static ConformanceServer s;

  @BeforeAll
  static void start() throws Exception {
    s = new ConformanceServer("foreign-st-1");
  }

  @AfterAll
  static void stop() throws Exception {
    s.close();
  }

  @Test
  void anMqtt5PublishUnderAnotherDevicesTopicGetsPuback87AndTheConnectionStays() throws Exception {
    Device me = s.provision();
    Device other = s.provision();
    long refusedBefore = s.rejections(RejectReason.NOT_AUTHORIZED);
    try (RawMqtt c = s.open(V5)) {
      assertThat(connect(c, connectAs(me)).connectCode()).isZero();

      c.send(c.publish(other.topic("telemetry"), 1, 7, ConformanceServer.reading(), null));
      RawMqtt.Packet ack = c.read(PUBACK);
      assertThat(ack.packetId()).isEqualTo(7);
      assertThat(ack.pubackCode()).as("Not authorized").isEqualTo(NOT_AUTHORIZED_5);
      assertThat((String) ack.properties().get(RawMqtt.REASON_STRING))
          .startsWith("not_authorized: ");

      // Its own device id under a station that is not its own is just as foreign.
      String otherStation = "yz/v1/st/foreign-st-2/dev/" + me.id() + "/telemetry";
      c.send(c.publish(otherStation, 1, 8, ConformanceServer.reading(), null));
      RawMqtt.Packet second = c.read(PUBACK);
      assertThat(second.packetId()).isEqualTo(8);
      assertThat(second.pubackCode()).isEqualTo(NOT_AUTHORIZED_5);

      // The connection stays: it answers a ping and stores the device's own reading.
      c.send(RawMqtt.pingreq());
      assertThat(c.read().type()).isEqualTo(PINGRESP);
      c.send(c.publish(me.topic("telemetry"), 1, 9, ConformanceServer.reading(), null));
      RawMqtt.Packet own = c.read(PUBACK);
      assertThat(own.packetId()).isEqualTo(9);
      assertThat(own.pubackCode()).isZero();
    }
    assertThat(s.storedReadings(other.id())).as("nothing stored for the other device").isZero();
    assertThat(s.storedReadings(me.id())).as("only the own reading").isEqualTo(1);
    assertThat(s.rejections(RejectReason.NOT_AUTHORIZED) - refusedBefore).isEqualTo(2);
  }

  @Test
  void aSubscribeToAnotherDevicesConfigIsRefusedWith80OverMqtt311() throws Exception {
    assertThat(subackFor(V311)).containsExactly(FAILURE_311, 1);
  }

  @Test
  void aSubscribeToAnotherDevicesConfigIsRefusedWith87OverMqtt5() throws Exception {
    assertThat(subackFor(V5)).containsExactly(NOT_AUTHORIZED_5, 1);
  }

  /**
   * One SUBSCRIBE with another device's config topic and then the device's own: returns the
   * SUBACK's codes, after checking that the refusal was counted and the connection still answers.
   */
  private static int[] subackFor(int version) throws Exception {
    Device me = s.provision();
    Device other = s.provision();
    long refusedBefore = s.rejections(RejectReason.NOT_AUTHORIZED);
    try (RawMqtt c = s.open(version)) {
      assertThat(connect(c, connectAs(me)).connectCode()).isZero();
      c.send(
          c.subscribe(3, other.topic("config"), 1, null),
          c.subscribe(4, me.topic("config"), 1, null));
      RawMqtt.Packet refused = c.read(SUBACK);
      assertThat(refused.packetId()).isEqualTo(3);
      RawMqtt.Packet granted = c.read(SUBACK);
      assertThat(granted.packetId()).isEqualTo(4);
      c.send(RawMqtt.pingreq());
      assertThat(c.read(PINGRESP).type()).as("the connection stays").isEqualTo(PINGRESP);
      assertThat(s.rejections(RejectReason.NOT_AUTHORIZED) - refusedBefore).isEqualTo(1);
      int[] a = refused.reasonCodes(version);
      int[] b = granted.reasonCodes(version);
      assertThat(a).hasSize(1);
      assertThat(b).hasSize(1);
      return new int[] {a[0], b[0]};
    }
  }
}
