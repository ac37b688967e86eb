package org.yizhan.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.YizhanConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies that the data-quality rules' state survives a restart: a temperature frozen for hours is
 * stuck before the restart, the restarted server (same database) names the device stuck before it
 * hears from it again, and judges its next identical reading stuck at once instead of after another
 * three hours, although the run is longer than the readings read back at start.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class QualityStateRestartIT {

  private static final String STATION = "qr-st";
  private static final int STUCK = QualityFlag.STUCK.bit();

  @Test
  void aStuckSensorIsStillStuckAtTheFirstReadingAfterARestart() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    YizhanConfig config =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    // 200 readings a minute apart, buffered and sent as one batch: from the 181st, three hours
    // into the run, the temperature is stuck. After the restart only the newest 64 are read back
    // (an hour), so the stored flag, not the run read back, must say the run is long enough.
    int n = 200;
    Instant first = now.minus(Duration.ofMinutes(n + 10));
    String id;
    String secret;
    try (Server server = Server.start(config)) {
      Http http = new Http(server.port());
      http.createStation(STATION, "卡住驿站", 112.55, 37.87);
      JsonObject dev = http.provisionDevice(STATION, 60);
      id = dev.getString("id");
      secret = dev.getString("secret");
      StringBuilder batch = new StringBuilder("{\"readings\":[");
      for (int i = 0; i < n; i++) {
        batch.append(i == 0 ? "" : ",").append(reading(i + 1, first.plus(Duration.ofMinutes(i))));
      }
      publish(server, id, secret, batch.append("]}").toString());
      List<Integer> stored = storedFlags(server);
      assertThat(stored).hasSize(n);
      assertThat(stored.subList(0, 180)).as("the run's first three hours").containsOnly(0);
      assertThat(stored.subList(180, n)).as("from the third hour on").containsOnly(STUCK);
    }

    try (Server restarted = Server.start(config)) {
      assertThat(qualityFlags(new Http(restarted.port()), id).fieldNames())
          .as("the device is named stuck before it reports again")
          .containsExactly("stuck");

      publish(restarted, id, secret, reading(n + 1, now.minusSeconds(30)));
      List<Integer> flags = storedFlags(restarted);
      assertThat(flags).hasSize(n + 1);
      assertThat(flags.get(n)).as("the first reading after the restart").isEqualTo(STUCK);
    }
  }

  private static String reading(long seq, Instant ts) {
    return "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"temperature_c\":21.3}";
  }

  /** Publishes over real MQTT with QoS 1; returns after the PUBACK, sent after the commit. */
  private static void publish(Server server, String id, String secret, String json)
      throws Exception {
    MqttClient c =
        new MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(), id, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(id);
    o.setPassword(secret.toCharArray());
    c.connect(o);
    try {
      MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
      m.setQos(1);
      c.publish("yz/v1/st/" + STATION + "/dev/" + id + "/telemetry", m);
    } finally {
      c.disconnect();
      c.close();
    }
  }

  private static JsonObject qualityFlags(Http http, String id) throws Exception {
    JsonObject device =
        new JsonObject(http.send(http.admin("/api/v1/devices?station_id=" + STATION)).body())
            .getJsonArray("devices")
            .getJsonObject(0);
    assertThat(device.getString("id")).isEqualTo(id);
    JsonObject flags = device.getJsonObject("quality_flags");
    return flags == null ? new JsonObject() : flags;
  }

  private static List<Integer> storedFlags(Server server) throws Exception {
    List<Integer> out = new ArrayList<>();
    try (Connection c = server.database().dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT coalesce(flags, 0) FROM reading WHERE station_id = '"
                    + STATION
                    + "' ORDER BY time")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }
}
