package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.yizhan.Server;
import org.yizhan.config.YizhanConfig;
import org.yizhan.device.DeviceKind;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.station.Station;
import org.yizhan.station.StationKind;
import org.yizhan.station.StationStatus;
import org.yizhan.station.hours.OpeningHours;
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies scale-out mode against a real Mosquitto broker: two server instances share one
 * subscription group and one database, split the messages between them, and every reading is stored
 * exactly once.
 */
class BrokerModeIT {

  @Test
  void twoInstancesBehindMosquittoSplitTheLoadAndStoreEachReadingOnce() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start()) {
      YizhanConfig base =
          TestServers.defaults()
              .withDatabase(db.url(), db.user(), db.password())
              .withHttpPort(TestServers.freePort());
      // Provision the devices before the instances start, so both know them.
      String[] devices = new String[5];
      try (Server setup = Server.start(base)) {
        setup
            .registry()
            .create(
                new Station(
                    "br-st",
                    "经纪测试",
                    null,
                    StationKind.URBAN_REST_STATION,
                    new WgsCoordinate(37.8, 112.5),
                    null,
                    null,
                    null,
                    10,
                    java.util.Set.of(),
                    OpeningHours.parse("24/7"),
                    null,
                    null,
                    null,
                    StationStatus.ACTIVE,
                    null,
                    0,
                    null,
                    null));
        for (int i = 0; i < devices.length; i++) {
          devices[i] =
              setup
                  .devices()
                  .provision("br-dev-" + i, "br-st", DeviceKind.COMBINED, 60)
                  .device()
                  .id();
        }
      }
      Server a =
          Server.start(
              base.withHttpPort(TestServers.freePort())
                  .withMqtt(base.mqtt().withBroker(broker.url(), "yizhan", "yizhan-a")));
      Server b =
          Server.start(
              base.withHttpPort(TestServers.freePort())
                  .withDataDir(java.nio.file.Files.createTempDirectory("yizhan-b"))
                  .withMqtt(base.mqtt().withBroker(broker.url(), "yizhan", "yizhan-b")));
      try {
        Thread.sleep(500); // both subscriptions in place
        MqttClient device = new MqttClient(broker.url(), "sensor-fleet", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
        device.connect(o);
        // Readings of the last minutes, spaced a second apart: the newest is recent enough not to
        // be
        // taken for a device clock running behind (which would keep it off the live values).
        int n = 400;
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(n + 10);
        for (int i = 0; i < n; i++) {
          String dev = devices[i % devices.length];
          String json =
              "{\"seq\":"
                  + i
                  + ",\"ts\":\""
                  + t0.plusSeconds(i)
                  + "\",\"occupancy\":"
                  + (i / 100)
                  + "}";
          MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
          m.setQos(1);
          device.publish("yz/v1/st/br-st/dev/" + dev + "/telemetry", m);
        }
        device.disconnect();
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline && rows(a) < n) {
          Thread.sleep(100);
        }
        assertThat(rows(a)).isEqualTo(n);
        assertThat(duplicates(a)).isZero();
        long byA = a.writer().committedReadings();
        long byB = b.writer().committedReadings();
        assertThat(byA + byB).isEqualTo(n);
        assertThat(List.of(byA, byB)).as("both instances took a share").allMatch(x -> x > 0);

        // Each instance stored part of the station's readings, yet both show its newest one live.
        String newest = t0.plusSeconds(n - 1).toString();
        for (Server s : List.of(a, b)) {
          org.yizhan.testing.Http h = new org.yizhan.testing.Http(s.port());
          String live = "";
          long liveDeadline = System.currentTimeMillis() + 10_000;
          while (System.currentTimeMillis() < liveDeadline && !live.contains(newest)) {
            live = h.get("/api/v1/stations/br-st").body();
            Thread.sleep(50);
          }
          assertThat(live)
              .as("instance on port " + s.port())
              .contains("\"occupancy_at\":\"" + newest);
        }

        // A device provisioned through instance a after both started: b learns of it from the
        // database when its first message arrives, instead of refusing it as unknown.
        a.devices().provision("br-late", "br-st", DeviceKind.COMBINED, 60);
        MqttClient late = new MqttClient(broker.url(), "br-late", new MemoryPersistence());
        late.connect(o);
        for (int i = 0; i < 40; i++) {
          MqttMessage m =
              new MqttMessage(
                  ("{\"seq\":" + i + ",\"ts\":\"" + t0.plusSeconds(i) + "\",\"occupancy\":2}")
                      .getBytes(StandardCharsets.UTF_8));
          m.setQos(1);
          late.publish("yz/v1/st/br-st/dev/br-late/telemetry", m);
        }
        late.disconnect();
        long lateDeadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < lateDeadline
            && single(a, "SELECT count(*) FROM reading WHERE device_id = 'br-late'") < 40) {
          Thread.sleep(100);
        }
        assertThat(single(a, "SELECT count(*) FROM reading WHERE device_id = 'br-late'"))
            .isEqualTo(40);
        assertThat(b.rejections().count(org.yizhan.telemetry.RejectReason.UNKNOWN_DEVICE)).isZero();

        // A configuration change goes to the broker retained: a device subscribing later gets it.
        org.yizhan.testing.Http httpA = new org.yizhan.testing.Http(a.port());
        java.net.http.HttpResponse<String> changed =
            httpA.send(
                httpA
                    .admin("/api/v1/devices/br-dev-0/config")
                    .header("Content-Type", "application/json")
                    .PUT(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"interval_s\":45,\"occupancy_report\":\"periodic\"}")));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.body()).contains("\"delivery\":\"retained_on_broker\"");
        MqttClient sensor = new MqttClient(broker.url(), "br-dev-0", new MemoryPersistence());
        sensor.connect();
        java.util.concurrent.CompletableFuture<String> config =
            new java.util.concurrent.CompletableFuture<>();
        sensor.subscribe(
            "yz/v1/st/br-st/dev/br-dev-0/config",
            1,
            (t, m) -> config.complete(new String(m.getPayload(), StandardCharsets.UTF_8)));
        String received = config.get(10, java.util.concurrent.TimeUnit.SECONDS);
        sensor.disconnect();
        assertThat(received).contains("\"version\":2").contains("\"interval_s\":45");
      } finally {
        a.close();
        b.close();
      }
    }
  }

  private static long rows(Server s) throws Exception {
    return single(s, "SELECT count(*) FROM reading WHERE station_id = 'br-st'");
  }

  private static long duplicates(Server s) throws Exception {
    return single(
        s,
        "SELECT count(*) FROM (SELECT device_id, seq FROM reading GROUP BY 1, 2 HAVING count(*) > 1) d");
  }

  private static long single(Server s, String sql) throws Exception {
    try (Connection c = s.database().dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
