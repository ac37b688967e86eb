package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.YizhanConfig;
import org.yizhan.device.DeviceKind;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.station.Station;
import org.yizhan.station.StationKind;
import org.yizhan.station.StationStatus;
import org.yizhan.station.hours.OpeningHours;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.testing.Http;
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Broker mode and the devices (ingest.md "Broker mode"), against a real Mosquitto: the server
 * refuses a reading under a station that is not its device's own, since the broker's ACL cannot tie
 * the two; a configuration changed while the broker is down reaches it after the reconnect; and a
 * device id the database did not know is not asked for again for 10 s, so a flood from it is not a
 * flood of queries. Every wait is on an observed event and has a deadline.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BrokerModeDevicesIT {

  private static final String STATION = "bmd-st";
  private static final String DEVICE = "bmd-dev";

  @Test
  void aReadingUnderAStationThatIsNotTheDevicesOwnIsRefusedNotAuthorized() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start()) {
      YizhanConfig base = base(db);
      provision(base);
      try (Server a = instance(base, broker, "yizhan-a")) {
        MqttClient device = new MqttClient(broker.url(), DEVICE, new MemoryPersistence());
        device.connect();
        Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String foreign = "yz/v1/st/bmd-elsewhere/dev/" + DEVICE + "/telemetry";
        publish(device, foreign, 1, ts);
        publish(device, "yz/v1/st/" + STATION + "/dev/" + DEVICE + "/telemetry", 2, ts);
        device.disconnect();

        waitUntil("the own reading stored", () -> count(a, "SELECT count(*) FROM reading") == 1);
        waitUntil("both acknowledged to the broker", () -> pubacks(broker, "yizhan-a") == 2);
        assertThat(single(a, "SELECT seq FROM reading")).as("only the own station's").isEqualTo(2);
        assertThat(a.rejections().count(RejectReason.NOT_AUTHORIZED)).isEqualTo(1);
        waitUntil(
            "the refusal kept",
            () ->
                count(
                        a,
                        "SELECT count(*) FROM rejected_message WHERE reason = 'not_authorized'"
                            + " AND topic = '"
                            + foreign
                            + "'")
                    == 1);
      }
    }
  }

  @Test
  void aConfigChangedWhileTheBrokerIsDownIsPublishedAfterItReconnects() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start()) {
      YizhanConfig base = base(db);
      provision(base);
      try (Server a = instance(base, broker, "yizhan-a")) {
        broker.stop();
        changeConfigTo(a, 45);

        // The broker comes back empty (no persistence): whatever it holds now was published anew.
        broker.startAgain();
        assertTheRetainedConfigIsVersion2With(broker, 45);
      }
    }
  }

  /**
   * A config PUBLISH written to a broker that never acknowledged it (frozen, then killed) is sent
   * again after the instance reconnects: a config leaves the instance's keeping only with the
   * broker's PUBACK, not when it is written to the socket.
   */
  @Test
  void aConfigTheBrokerNeverAcknowledgedIsSentAgainAfterReconnecting() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start()) {
      YizhanConfig base = base(db);
      provision(base);
      try (Server a = instance(base, broker, "yizhan-a")) {
        broker.freeze();
        changeConfigTo(a, 55);
        Thread.sleep(1_000); // the PUBLISH is written to the frozen broker's socket meanwhile
        broker.kill();
        broker.startAgain();
        assertTheRetainedConfigIsVersion2With(broker, 55);
      }
    }
  }

  @Test
  void aDeviceIdTheDatabaseDidNotKnowIsNotAskedForAgainFor10Seconds() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start()) {
      YizhanConfig base = base(db);
      provision(base);
      // "office" is a second instance (no broker) whose database the device is written into later.
      try (Server b = instance(base, broker, "yizhan-b");
          Server office = Server.start(base.withDataDir(Files.createTempDirectory("office")))) {
        String late = "bmd-late";
        String topic = "yz/v1/st/" + STATION + "/dev/" + late + "/telemetry";
        MqttClient bogus = new MqttClient(broker.url(), late, new MemoryPersistence());
        org.eclipse.paho.client.mqttv3.MqttConnectOptions room =
            new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        room.setMaxInflight(100); // the whole flood may wait for the broker's PUBACKs at once
        bogus.connect(room);
        Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        long flood = 50;
        long started = System.nanoTime();
        for (int i = 0; i < flood; i++) {
          publish(bogus, topic, i, ts);
        }
        waitUntil(
            "the flood refused as unknown",
            () -> b.rejections().count(RejectReason.UNKNOWN_DEVICE) == flood);

        // Now the device exists in the database, but b remembers that it did not a moment ago. It
        // is written without the announcement provisioning makes (DeviceChangesIT covers that),
        // as by a tool working on the table, so only b's memory of the miss decides.
        try (Connection c = office.database().dataSource().getConnection();
            PreparedStatement insert =
                c.prepareStatement(
                    "INSERT INTO device (id, station_id, kind, secret_salt, secret_hash,"
                        + " expected_interval_s) VALUES (?, ?, ?, ''::bytea, ''::bytea, 60)")) {
          insert.setString(1, late);
          insert.setString(2, STATION);
          insert.setString(3, DeviceKind.COMBINED.code());
          insert.executeUpdate();
        }
        publish(bogus, topic, flood, ts);
        waitUntil(
            "the next message judged",
            () -> b.rejections().count(RejectReason.UNKNOWN_DEVICE) == flood + 1);
        assertThat(System.nanoTime() - started)
            .as("still within the 10 s of the first miss (else this proves nothing)")
            .isLessThan(TimeUnit.SECONDS.toNanos(9));
        assertThat(count(b, "SELECT count(*) FROM reading")).isZero();

        // Once the memory has passed, b asks again and stores the device's readings.
        long seq = flood + 1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (count(b, "SELECT count(*) FROM reading") == 0) {
          assertThat(System.nanoTime())
              .as("b stores the device's reading in time")
              .isLessThan(deadline);
          publish(bogus, topic, seq++, ts);
          Thread.sleep(500);
        }
        bogus.disconnect();
        assertThat(System.nanoTime() - started)
            .as("accepted only after the miss was forgotten")
            .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(10));
      }
    }
  }

  private static YizhanConfig base(TestDatabases.Db db) throws Exception {
    return TestServers.defaults()
        .withDatabase(db.url(), db.user(), db.password())
        .withHttpPort(TestServers.freePort());
  }

  /** Creates the station and its device before the instances start. */
  private static void provision(YizhanConfig base) throws Exception {
    try (Server setup = Server.start(base)) {
      setup
          .registry()
          .create(
              new Station(
                  STATION,
                  "经纪设备",
                  null,
                  StationKind.URBAN_REST_STATION,
                  new WgsCoordinate(37.8, 112.5),
                  null,
                  null,
                  null,
                  10,
                  Set.of(),
                  OpeningHours.parse("24/7"),
                  null,
                  null,
                  null,
                  StationStatus.ACTIVE,
                  null,
                  0,
                  null,
                  null));
      setup.devices().provision(DEVICE, STATION, DeviceKind.COMBINED, 60);
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

  private static void publish(MqttClient client, String topic, long seq, Instant ts)
      throws Exception {
    String json = "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"occupancy\":1}";
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish(topic, m);
  }

  private static long pubacks(Mosquitto broker, String instance) throws Exception {
    return broker.logLines("Received PUBACK from " + instance);
  }

  private static long count(Server s, String sql) throws Exception {
    return single(s, sql);
  }

  private static long single(Server s, String sql) throws Exception {
    try (Connection c = s.database().dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
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

  /** Changes the device's interval through instance {@code a}, which publishes it to the broker. */
  private static void changeConfigTo(Server a, int intervalS) throws Exception {
    Http http = new Http(a.port());
    HttpResponse<String> changed =
        http.send(
            http.admin("/api/v1/devices/" + DEVICE + "/config")
                .header("Content-Type", "application/json")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"interval_s\":" + intervalS + ",\"occupancy_report\":\"periodic\"}")));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(changed.body()).contains("\"delivery\":\"retained_on_broker\"");
  }

  /**
   * Once instance yizhan-a has subscribed to the restarted (empty) broker again, a device that
   * subscribes to its config gets version 2 with the given interval: it was published anew.
   */
  private static void assertTheRetainedConfigIsVersion2With(Mosquitto broker, int intervalS)
      throws Exception {
    waitUntil(
        "the instance subscribed again", () -> broker.logLines("Sending SUBACK to yizhan-a") == 2);
    MqttClient device = new MqttClient(broker.url(), DEVICE, new MemoryPersistence());
    device.connect();
    CompletableFuture<String> config = new CompletableFuture<>();
    device.subscribe(
        "yz/v1/st/" + STATION + "/dev/" + DEVICE + "/config",
        1,
        (t, m) -> config.complete(new String(m.getPayload(), StandardCharsets.UTF_8)));
    String received = config.get(20, TimeUnit.SECONDS);
    device.disconnect();
    assertThat(received).contains("\"version\":2").contains("\"interval_s\":" + intervalS);
  }
}
