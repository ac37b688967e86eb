package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Verifies, end to end over real MQTT and a real PostgreSQL, that values the database cannot store
 * are refused at the door with a reason, and that they hold up neither the sender's next reading
 * nor another device's, nor readiness.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PoisonReadingIT {

  private static final String STATION = "poison-st";
  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    http.createStation(STATION, "毒值", 112.55, 37.87);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static MqttClient connect(JsonObject device) throws Exception {
    MqttClient c =
        new MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(),
            device.getString("id"),
            new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(device.getString("id"));
    o.setPassword(device.getString("secret").toCharArray());
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    // Paho waits this long for each PUBACK: a stalled writer fails the test here.
    o.setConnectionTimeout(10);
    c.setTimeToWait(10_000);
    c.connect(o);
    return c;
  }

  private static void publish(MqttClient c, JsonObject device, String json) throws Exception {
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("yz/v1/st/" + STATION + "/dev/" + device.getString("id") + "/telemetry", m);
  }

  private static long rows(String deviceId) throws Exception {
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM reading WHERE device_id = ?")) {
      ps.setString(1, deviceId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Test
  void aTemperatureTooSmallForTheDatabaseIsRefusedAndIngestGoesOn() throws Exception {
    JsonObject bad = http.provisionDevice(STATION, 60);
    JsonObject good = http.provisionDevice(STATION, 60);
    long before = server.rejections().count(RejectReason.SCHEMA_VIOLATION);
    String ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    MqttClient b = connect(bad);
    MqttClient g = connect(good);
    try {
      publish(b, bad, "{\"seq\":1,\"ts\":\"" + ts + "\",\"temperature_c\":1e-300}");
      publish(b, bad, "{\"seq\":2,\"ts\":\"" + ts + "\",\"humidity_pct\":1e-45}");
      publish(g, good, "{\"seq\":1,\"ts\":\"" + ts + "\",\"temperature_c\":21.5}");
      publish(b, bad, "{\"seq\":3,\"ts\":\"" + ts + "\",\"temperature_c\":0}");

      assertThat(rows(bad.getString("id"))).as("only the storable reading").isEqualTo(1);
      assertThat(rows(good.getString("id"))).isEqualTo(1);
      assertThat(server.rejections().count(RejectReason.SCHEMA_VIOLATION)).isEqualTo(before + 2);
      assertThat(server.rejections().count(RejectReason.STORAGE_REFUSED)).isZero();
      var ready = http.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(ready.body()).getJsonObject("checks").getString("writer"))
          .isEqualTo("UP");
    } finally {
      b.disconnect();
      g.disconnect();
    }
  }
}
