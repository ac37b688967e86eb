package org.yizhan.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * The server's keep alive limit is enforced, not only announced: a device asking for no keep alive
 * is held to the server's. The limit is lowered to 2 s here so the test need not wait the
 * contract's 450 s (1.5 times 300 s).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MqttKeepAliveIT {

  static final String STATION = "mqk-st-1";
  private static Server server;
  private static String deviceId;
  private static String secret;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty(), c -> c.withMqtt(c.mqtt().withKeepAliveMax(2)));
    Http http = new Http(server.port());
    http.createStation(STATION, "保活", 112.57, 37.89);
    JsonObject d = http.provisionDevice(STATION, 60);
    deviceId = d.getString("id");
    secret = d.getString("secret");
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  RawMqtt.Packet connect(RawMqtt c, int keepAliveS) throws Exception {
    c.send(c.connect(deviceId, deviceId, secret, keepAliveS, true, null, null, null));
    return c.read(RawMqtt.CONNACK);
  }

  /**
   * Verifies that an MQTT 5 client asking for keep alive 0 is assigned the server's in CONNACK
   * [MQTT-3.2.2-21] and, once silent for one and a half times that, gets DISCONNECT 0x8D Keep Alive
   * timeout and a closed connection [MQTT-3.1.2-22].
   */
  @Test
  void mqtt5ClientWithoutKeepAliveIsHeldToTheServers() throws Exception {
    try (RawMqtt c = RawMqtt.open(server.config().mqtt().port(), RawMqtt.V5)) {
      RawMqtt.Packet ack = connect(c, 0);
      assertThat(ack.properties()).containsEntry(RawMqtt.SERVER_KEEP_ALIVE, 2);
      RawMqtt.Packet d = c.read();
      assertThat(d.type()).isEqualTo(RawMqtt.DISCONNECT);
      assertThat(d.disconnectCode()).isEqualTo(0x8D);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  /**
   * Verifies that an MQTT 3.1.1 client asking for keep alive 0 (which 3.1.1 cannot be told
   * otherwise) is closed once silent beyond the server's limit.
   */
  @Test
  void mqtt311ClientWithoutKeepAliveIsClosedWhenSilent() throws Exception {
    try (RawMqtt c = RawMqtt.open(server.config().mqtt().port(), RawMqtt.V311)) {
      connect(c, 0);
      assertThat(c.closedByServer()).isTrue();
    }
  }

  /** Verifies that a client that keeps pinging within the server's keep alive stays connected. */
  @Test
  void aClientThatPingsStaysConnected() throws Exception {
    try (RawMqtt c = RawMqtt.open(server.config().mqtt().port(), RawMqtt.V5)) {
      connect(c, 0);
      for (int i = 0; i < 8; i++) {
        Thread.sleep(500);
        c.send(RawMqtt.pingreq());
        assertThat(c.read().type()).isEqualTo(RawMqtt.PINGRESP);
      }
    }
  }
}
