package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.YizhanConfig;
import org.yizhan.quality.QualityFlag;
import org.yizhan.quality.QualityRules;
import org.yizhan.testing.Http;
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies that in broker mode each instance's quality judge sees a device's whole stream: two
 * instances behind a real Mosquitto share one subscription, so the broker hands a frozen sensor's
 * readings to one or the other and neither instance alone receives the six that {@code stuck}
 * needs; yet the run is flagged stuck from its third hour on, as one judge of the whole stream
 * would, because each instance takes in the other's committed batches from their announcement.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BrokerModeQualityIT {

  private static final String STATION = "bq-st";
  private static final int STUCK = QualityFlag.STUCK.bit();

  @Test
  void aFrozenSensorWhoseReadingsTheBrokerSplitsBetweenTwoInstancesIsFlaggedStuck()
      throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start()) {
      YizhanConfig base =
          TestServers.defaults()
              .withDatabase(db.url(), db.user(), db.password())
              .withHttpPort(TestServers.freePort());
      String device;
      try (Server setup = Server.start(base)) {
        Http http = new Http(setup.port());
        http.createStation(STATION, "分流驿站", 112.55, 37.87);
        device = http.provisionDevice(STATION, 60).getString("id");
      }
      try (Server a = instance(base, broker, "yizhan-a");
          Server b = instance(base, broker, "yizhan-b")) {
        MqttClient sensor = new MqttClient(broker.url(), device, new MemoryPersistence());
        sensor.connect();
        // Eight readings half an hour apart (a device catching up after an outage, one message
        // each): the seventh is the run's sixth reading three hours in, so stuck from there on.
        Instant first =
            Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(220));
        for (int i = 0; i < 8; i++) {
          Instant ts = first.plus(Duration.ofMinutes(30L * i));
          String json = "{\"seq\":" + (i + 1) + ",\"ts\":\"" + ts + "\",\"temperature_c\":21.3}";
          MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
          m.setQos(1);
          sensor.publish("yz/v1/st/" + STATION + "/dev/" + device + "/telemetry", m);
          // A device reports every minute or so; announcements take milliseconds. Waiting until
          // both instances know the reading stands for that, without guessing a delay.
          for (Server s : List.of(a, b)) {
            waitUntil(
                "instance on port " + s.port() + " knows reading " + (i + 1),
                () -> ts.toString().equals(lastReadingAt(s, device)));
          }
        }
        sensor.disconnect();

        long byA = a.writer().committedReadings();
        long byB = b.writer().committedReadings();
        assertThat(byA + byB).isEqualTo(8);
        int needed = QualityRules.DEFAULTS.stuckClimateReadings();
        assertThat(List.of(byA, byB))
            .as("neither instance alone received the %d readings stuck needs", needed)
            .allMatch(n -> n > 0 && n < needed);

        List<Integer> stuck = new ArrayList<>();
        for (int flags : storedFlags(a)) {
          stuck.add(flags & STUCK);
        }
        assertThat(stuck).containsExactly(0, 0, 0, 0, 0, 0, STUCK, STUCK);
        for (Server s : List.of(a, b)) {
          assertThat(qualityFlags(s, device).fieldNames())
              .as("instance on port %d names the device stuck", s.port())
              .contains("stuck");
        }
      }
    }
  }

  /** An instance in broker mode, with its own HTTP port and data directory. */
  private static Server instance(YizhanConfig base, Mosquitto broker, String clientId)
      throws Exception {
    return Server.start(
        base.withHttpPort(TestServers.freePort())
            .withDataDir(Files.createTempDirectory(clientId))
            .withMqtt(base.mqtt().withBroker(broker.url(), "yizhan", clientId)));
  }

  private static JsonObject deviceJson(Server s, String device) throws Exception {
    Http http = new Http(s.port());
    return new JsonObject(http.send(http.admin("/api/v1/devices?station_id=" + STATION)).body())
        .getJsonArray("devices").stream()
            .map(JsonObject.class::cast)
            .filter(d -> d.getString("id").equals(device))
            .findFirst()
            .orElseThrow();
  }

  private static String lastReadingAt(Server s, String device) throws Exception {
    return deviceJson(s, device).getString("last_reading_at");
  }

  private static JsonObject qualityFlags(Server s, String device) throws Exception {
    JsonObject flags = deviceJson(s, device).getJsonObject("quality_flags");
    return flags == null ? new JsonObject() : flags;
  }

  private static List<Integer> storedFlags(Server s) throws Exception {
    List<Integer> out = new ArrayList<>();
    try (Connection c = s.database().dataSource().getConnection();
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

  /** A condition read from the system under test. */
  private interface Check {
    boolean holds() throws Exception;
  }

  /** Polls {@code check} until it holds; fails naming {@code what} after 20 s. */
  private static void waitUntil(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 20 s: " + what);
      }
      Thread.sleep(50);
    }
  }
}
