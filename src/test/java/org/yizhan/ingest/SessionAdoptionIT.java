package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
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
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies that an instance in broker mode adopts the persistent session of a client id recorded in
 * {@code broker_session} whose instance is gone, storing what Mosquitto queued for it, and that
 * retiring the id (the documented SQL step) drains the session, ends it on the broker and forgets
 * the id.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class SessionAdoptionIT {

  private static final String STATION = "sa-st";
  private static final String DEVICE = "sa-dev";
  private static final String GONE = "yizhan-gone";

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void theOwnerStoresWhatTheBrokerKeptForAGoneInstanceAndRetiresItsIdOnRequest() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    YizhanConfig base =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort());
    try (Mosquitto broker = Mosquitto.start()) {
      provision(base);
      sql(db, "INSERT INTO broker_session (client_id) VALUES ('" + GONE + "')");
      // The instance that is gone: a member of the group, then never seen again.
      MqttClient gone = client(broker, GONE);
      gone.connect(options(false));
      gone.subscribe("$share/yizhan/yz/v1/st/+/dev/+/telemetry", 1);
      gone.disconnect();
      gone.close();
      MqttClient device = client(broker, DEVICE);
      device.connect(options(true));
      Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(600);
      for (int seq = 1; seq <= 20; seq++) {
        publish(device, seq, t0.plusSeconds(seq)); // acknowledged by the broker, queued for GONE
      }
      try (Server live =
          Server.start(
              base.withHttpPort(TestServers.freePort())
                  .withDataDir(Files.createTempDirectory("yizhan-live"))
                  .withMqtt(base.mqtt().withBroker(broker.url(), "yizhan", "yizhan-live")))) {
        long started = System.nanoTime();
        waitUntil("the 20 readings queued for " + GONE + " stored", 20, () -> stored(db) == 20);
        System.out.printf(
            "SessionAdoptionIT: readings queued for %s stored %d ms after the server started%n",
            GONE, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

        sql(
            db,
            "UPDATE broker_session SET retire_requested_at = now() WHERE client_id = '"
                + GONE
                + "'");
        for (int seq = 21; seq <= 30; seq++) {
          publish(device, seq, t0.plusSeconds(seq)); // some still go to GONE before it leaves
        }
        waitUntil("the id " + GONE + " forgotten", 30, () -> !known(db, GONE));
        assertThat(stored(db)).as("readings stored when the id was retired").isEqualTo(30);
        MqttClient probe = client(broker, GONE);
        boolean sessionPresent = probe.connectWithResult(options(false)).getSessionPresent();
        probe.disconnect();
        probe.close();
        assertThat(sessionPresent).as("the broker still has " + GONE + "'s session").isFalse();

        for (int seq = 31; seq <= 50; seq++) {
          publish(device, seq, t0.plusSeconds(seq));
        }
        waitUntil("readings after the retirement stored", 10, () -> stored(db) == 50);
      } finally {
        device.disconnect();
        device.close();
      }
    }
  }

  private static void provision(YizhanConfig base) throws Exception {
    try (Server setup = Server.start(base)) {
      setup
          .registry()
          .create(
              new Station(
                  STATION,
                  "接管测试",
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

  private static MqttClient client(Mosquitto broker, String id) throws Exception {
    return new MqttClient(broker.url(), id, new MemoryPersistence());
  }

  private static MqttConnectOptions options(boolean clean) {
    MqttConnectOptions o = new MqttConnectOptions();
    o.setCleanSession(clean);
    o.setAutomaticReconnect(false);
    return o;
  }

  private static void publish(MqttClient device, long seq, Instant ts) throws Exception {
    String json = "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"occupancy\":3}";
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    device.publish("yz/v1/st/" + STATION + "/dev/" + DEVICE + "/telemetry", m);
  }

  private static long stored(TestDatabases.Db db) throws Exception {
    return count(db, "SELECT count(*) FROM reading WHERE device_id = '" + DEVICE + "'");
  }

  private static boolean known(TestDatabases.Db db, String id) throws Exception {
    return count(db, "SELECT count(*) FROM broker_session WHERE client_id = '" + id + "'") > 0;
  }

  private static long count(TestDatabases.Db db, String query) throws Exception {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        PreparedStatement ps = c.prepareStatement(query);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void sql(TestDatabases.Db db, String statement) throws Exception {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        PreparedStatement ps = c.prepareStatement(statement)) {
      ps.executeUpdate();
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void waitUntil(String what, int seconds, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not in time: " + what);
      }
      Thread.sleep(50);
    }
  }
}
