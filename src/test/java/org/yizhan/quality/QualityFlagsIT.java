package org.yizhan.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
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
 * Data-quality flags end to end: a real device over real MQTT reports more people than its station
 * has places. The reading is acknowledged and stored with its flag, shown in the raw history with
 * it, left out of the history buckets, never shown as the station's live value, and named on the
 * device for admins.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class QualityFlagsIT {

  private static final String STATION = "qf-st";

  @Test
  void anOverCapacityReadingIsStoredFlaggedButNeverLive() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    YizhanConfig config =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort());
    try (Server server = Server.start(config)) {
      Http http = new Http(server.port());
      http.createStation(STATION, "质量驿站", 112.55, 37.87); // 10 places
      JsonObject dev = http.provisionDevice(STATION, 60);
      String id = dev.getString("id");
      String secret = dev.getString("secret");
      MqttClient device =
          new MqttClient(
              "tcp://127.0.0.1:" + server.config().mqtt().port(), id, new MemoryPersistence());
      MqttConnectOptions o = new MqttConnectOptions();
      o.setUserName(id);
      o.setPassword(secret.toCharArray());
      device.connect(o);

      Instant t1 = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
      Instant t2 = t1.plusSeconds(30);
      // publish() with QoS 1 returns after the PUBACK, which comes after the commit.
      publish(device, id, 1, t1, 4);
      publish(device, id, 2, t2, 40);
      device.disconnect();
      device.close();

      List<Integer> stored = storedFlags(server);
      assertThat(stored).hasSize(2);
      assertThat(stored.get(0)).isZero();
      // Over capacity, and 36 more people in 30 s is also faster than a door lets them in.
      assertThat(QualityFlag.fromMask(stored.get(1)))
          .containsExactlyInAnyOrder(QualityFlag.OVER_CAPACITY, QualityFlag.COUNTER_JUMP);

      JsonObject station = new JsonObject(http.get("/api/v1/stations/" + STATION).body());
      assertThat(station.encode()).contains("\"occupancy\":4").doesNotContain(":40,");

      String range = "?from=" + t1.minusSeconds(1) + "&to=" + t2.plusSeconds(1);
      JsonArray raw =
          new JsonObject(http.get("/api/v1/stations/" + STATION + "/readings" + range).body())
              .getJsonArray("readings");
      assertThat(raw).hasSize(2);
      assertThat(raw.getJsonObject(0).getJsonArray("flags")).isEmpty();
      assertThat(raw.getJsonObject(1).getJsonArray("flags"))
          .containsExactlyInAnyOrder("over_capacity", "counter_jump");
      JsonArray buckets =
          new JsonObject(
                  http.get("/api/v1/stations/" + STATION + "/readings" + range + "&bucket=1d")
                      .body())
              .getJsonArray("buckets");
      assertThat(buckets).hasSize(1);
      assertThat(buckets.getJsonObject(0).getInteger("occupancy_max")).isEqualTo(4);
      assertThat(buckets.getJsonObject(0).getLong("readings")).isEqualTo(1);

      JsonObject shown =
          new JsonObject(http.send(http.admin("/api/v1/devices?station_id=" + STATION)).body())
              .getJsonArray("devices")
              .getJsonObject(0);
      assertThat(shown.getJsonObject("quality_flags").fieldNames())
          .containsExactlyInAnyOrder("over_capacity", "counter_jump");
    }
  }

  private static List<Integer> storedFlags(Server server) throws Exception {
    List<Integer> out = new ArrayList<>();
    try (Connection c = server.database().dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT coalesce(flags, 0) FROM reading WHERE station_id = '"
                    + STATION
                    + "' ORDER BY seq")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }

  private static void publish(MqttClient c, String id, long seq, Instant ts, int occupancy)
      throws Exception {
    MqttMessage m =
        new MqttMessage(
            ("{\"seq\":"
                    + seq
                    + ",\"ts\":\""
                    + ts
                    + "\",\"occupancy\":"
                    + occupancy
                    + ",\"temperature_c\":24.5}")
                .getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("yz/v1/st/" + STATION + "/dev/" + id + "/telemetry", m);
  }
}
