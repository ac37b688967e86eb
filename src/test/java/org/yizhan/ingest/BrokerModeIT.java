package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
import org.yizhan.telemetry.Reading;
import org.yizhan.telemetry.RejectReason;
import org.yizhan.testing.Http;
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies scale-out mode against a real Mosquitto broker: instances share one subscription group
 * and one database, split the messages between them and store every reading exactly once; each
 * message is acknowledged to the broker only after it is stored; and live values reach every
 * instance, also after an instance lost its LISTEN connection. Waits are on observed events (rows,
 * commits, the broker's own log of the packets it sent and received), each with a deadline.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class BrokerModeIT {

  private static final String STATION = "br-st";

  @Test
  void twoInstancesBehindMosquittoSplitTheLoadAndStoreEachReadingOnce() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start()) {
      YizhanConfig base = base(db);
      String[] devices = provision(base, 5);
      try (Server a = instance(base, broker, "yizhan-a");
          Server b = instance(base, broker, "yizhan-b")) {
        // An instance starts only once its subscriptions are acknowledged: no wait is needed.
        assertThat(broker.logLines("Sending SUBACK to yizhan-a")).isEqualTo(1);
        assertThat(broker.logLines("Sending SUBACK to yizhan-b")).isEqualTo(1);
        MqttClient device = new MqttClient(broker.url(), "sensor-fleet", new MemoryPersistence());
        MqttConnectOptions o = new MqttConnectOptions();
        o.setMaxInflight(1000);
        device.connect(o);
        // Readings of the last minutes, spaced a second apart: the newest is recent enough not to
        // be taken for a device clock running behind (which would keep it off the live values).
        int n = 400;
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(n + 10);
        for (int i = 0; i < n; i++) {
          publish(device, devices[i % devices.length], i, t0.plusSeconds(i), i / 100);
        }
        device.disconnect();
        waitUntil("all readings stored", () -> rows(a) >= n);
        waitUntil(
            "the instances count what they stored",
            () -> a.writer().committedReadings() + b.writer().committedReadings() >= n);
        assertThat(rows(a)).isEqualTo(n);
        assertThat(duplicates(a)).isZero();
        long byA = a.writer().committedReadings();
        long byB = b.writer().committedReadings();
        assertThat(byA + byB).isEqualTo(n);
        assertThat(List.of(byA, byB)).as("both instances took a share").allMatch(x -> x > 0);

        // Each instance stored part of the station's readings, yet both show its newest one live.
        String newest = "\"occupancy_at\":\"" + t0.plusSeconds(n - 1);
        for (Server s : List.of(a, b)) {
          waitUntil("instance on port " + s.port() + " shows " + newest, () -> live(s, newest));
        }

        // A device provisioned through instance a after both started: b learns of it from the
        // database when its first message arrives, instead of refusing it as unknown.
        a.devices().provision("br-late", STATION, DeviceKind.COMBINED, 60);
        long aBefore = a.writer().committedReadings();
        long bBefore = b.writer().committedReadings();
        MqttClient late = new MqttClient(broker.url(), "br-late", new MemoryPersistence());
        late.connect(o);
        for (int i = 0; i < 40; i++) {
          publish(late, "br-late", i, t0.plusSeconds(i), 2);
        }
        late.disconnect();
        waitUntil("br-late's readings stored", () -> count(a, "device_id = 'br-late'") >= 40);
        assertThat(count(a, "device_id = 'br-late'")).isEqualTo(40);
        waitUntil(
            "the instances count br-late's readings",
            () ->
                a.writer().committedReadings() - aBefore + b.writer().committedReadings() - bBefore
                    >= 40);
        assertThat(b.writer().committedReadings() - bBefore)
            .as("b received some of the new device's messages (else the next check proves nothing)")
            .isPositive();
        assertThat(a.writer().committedReadings() - aBefore).as("a received some").isPositive();
        assertThat(b.rejections().count(RejectReason.UNKNOWN_DEVICE)).isZero();

        // A configuration change goes to the broker retained: a device subscribing later gets it.
        Http httpA = new Http(a.port());
        HttpResponse<String> changed =
            httpA.send(
                httpA
                    .admin("/api/v1/devices/" + devices[0] + "/config")
                    .header("Content-Type", "application/json")
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"interval_s\":45,\"occupancy_report\":\"periodic\"}")));
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        assertThat(changed.body()).contains("\"delivery\":\"retained_on_broker\"");
        MqttClient sensor = new MqttClient(broker.url(), devices[0], new MemoryPersistence());
        sensor.connect();
        CompletableFuture<String> config = new CompletableFuture<>();
        sensor.subscribe(
            "yz/v1/st/" + STATION + "/dev/" + devices[0] + "/config",
            1,
            (t, m) -> config.complete(new String(m.getPayload(), StandardCharsets.UTF_8)));
        String received = config.get(10, TimeUnit.SECONDS);
        sensor.disconnect();
        assertThat(received).contains("\"version\":2").contains("\"interval_s\":45");
      }
    }
  }

  /**
   * Verifies that an instance acknowledges a message to the broker only after it is stored: with
   * the readings table locked, the broker has handed the instance every message and has not had one
   * PUBACK back; after the lock is lifted every reading is stored and only then acknowledged.
   */
  @Test
  void theBrokerGetsItsPubackOnlyAfterTheReadingIsStored() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start()) {
      YizhanConfig base = base(db);
      String[] devices = provision(base, 1);
      int n = 20;
      Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(n + 10);
      try (Server a = instance(base, broker, "yizhan-a");
          Connection lock = DriverManager.getConnection(db.url(), db.user(), db.password())) {
        lock.setAutoCommit(false);
        try (Statement st = lock.createStatement()) {
          st.execute("LOCK TABLE reading IN ACCESS EXCLUSIVE MODE");
        }
        MqttClient device = new MqttClient(broker.url(), devices[0], new MemoryPersistence());
        // Paho frees a publish's slot in its window of 10 only after the publish call has
        // returned, on another thread: under load the next publish can find the window full.
        org.eclipse.paho.client.mqttv3.MqttConnectOptions options =
            new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
        options.setMaxInflight(n + 10);
        device.connect(options);
        for (int i = 0; i < n; i++) {
          publish(device, devices[0], i, t0.plusSeconds(i), 1);
        }
        device.disconnect();
        waitUntil("the instance holds every reading", () -> a.writer().queuedReadings() == n);
        assertThat(broker.logLines("Sending PUBLISH to yizhan-a")).isEqualTo(n);
        assertThat(broker.logLines("Received PUBACK from yizhan-a"))
            .as("PUBACKs to the broker while nothing could be stored")
            .isZero();

        lock.rollback();
        waitUntil("every reading acknowledged to the broker", () -> pubacks(broker) >= n);
        assertThat(count(a, "true")).as("stored").isEqualTo(n);
        assertThat(pubacks(broker)).isEqualTo(n);
      }
    }
  }

  /**
   * Verifies that an instance whose LISTEN connection is cut (pg_terminate_backend) reconnects and
   * reloads the live values, so a reading another instance stored while it was not listening still
   * shows on its map; and that it then hears announcements again.
   */
  @Test
  void anInstanceThatLostItsListenConnectionReloadsAndListensAgain() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Mosquitto broker = Mosquitto.start()) {
      YizhanConfig base = base(db);
      String device = provision(base, 1)[0];
      try (Server a = instance(base, broker, "yizhan-a");
          Server b = instance(base, broker, "yizhan-b");
          Connection admin = DriverManager.getConnection(db.url(), db.user(), db.password())) {
        waitUntil("both instances listen", () -> listeners(admin).size() == 2);
        Set<Integer> cut = listeners(admin);
        for (int pid : cut) {
          try (Statement st = admin.createStatement();
              ResultSet rs = st.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
            rs.next();
            assertThat(rs.getBoolean(1)).isTrue();
          }
        }

        // Stored by a while no instance listens: its announcement reaches nobody.
        Instant missed = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);
        store(a, device, 1, missed, 4);
        assertThat(listeners(admin))
            .as("no instance listened again before the reading committed (else nothing is proven)")
            .allMatch(cut::contains);
        waitUntil(
            "b shows the reading it missed", () -> live(b, "\"occupancy_at\":\"" + missed + "\""));

        waitUntil(
            "both instances listen again",
            () -> {
              Set<Integer> now = listeners(admin);
              return now.size() == 2 && now.stream().noneMatch(cut::contains);
            });
        Instant heard = missed.plusSeconds(1);
        store(a, device, 2, heard, 5);
        waitUntil("b hears a's next reading", () -> live(b, "\"occupancy_at\":\"" + heard + "\""));
      }
    }
  }

  private static YizhanConfig base(TestDatabases.Db db) throws Exception {
    return TestServers.defaults()
        .withDatabase(db.url(), db.user(), db.password())
        .withHttpPort(TestServers.freePort());
  }

  /**
   * Creates the station and {@code n} devices before the instances start, so that both know them.
   */
  private static String[] provision(YizhanConfig base, int n) throws Exception {
    String[] devices = new String[n];
    try (Server setup = Server.start(base)) {
      setup
          .registry()
          .create(
              new Station(
                  STATION,
                  "经纪测试",
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
      for (int i = 0; i < n; i++) {
        devices[i] =
            setup
                .devices()
                .provision("br-dev-" + i, STATION, DeviceKind.COMBINED, 60)
                .device()
                .id();
      }
    }
    return devices;
  }

  /** An instance in broker mode, with its own HTTP port and data directory. */
  private static Server instance(YizhanConfig base, Mosquitto broker, String clientId)
      throws Exception {
    return Server.start(
        base.withHttpPort(TestServers.freePort())
            .withDataDir(Files.createTempDirectory(clientId))
            .withMqtt(base.mqtt().withBroker(broker.url(), "yizhan", clientId)));
  }

  private static void publish(MqttClient client, String device, long seq, Instant ts, int occupancy)
      throws Exception {
    String json = "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"occupancy\":" + occupancy + "}";
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish("yz/v1/st/" + STATION + "/dev/" + device + "/telemetry", m);
  }

  /** Stores a reading through an instance's writer and waits for its commit. */
  private static void store(Server s, String device, long seq, Instant ts, int occupancy)
      throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Reading r =
        new Reading(
            STATION, device, seq, ts, occupancy, null, null, null, null, null, null, null, ts);
    assertThat(s.writer().submit(List.of(r), Committed.then(() -> done.complete(null)))).isTrue();
    done.get(20, TimeUnit.SECONDS);
  }

  private static long pubacks(Mosquitto broker) throws Exception {
    return broker.logLines("Received PUBACK from yizhan-a");
  }

  /** Whether the station's live JSON on instance {@code s} contains {@code fragment}. */
  private static boolean live(Server s, String fragment) throws Exception {
    return new Http(s.port()).get("/api/v1/stations/" + STATION).body().contains(fragment);
  }

  /** Backends listening for live announcements (the instances' LISTEN connections). */
  private static Set<Integer> listeners(Connection c) throws Exception {
    List<Integer> pids = new ArrayList<>();
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND query = 'LISTEN yizhan_live'")) {
      while (rs.next()) {
        pids.add(rs.getInt(1));
      }
    }
    return Set.copyOf(pids);
  }

  private static long rows(Server s) throws Exception {
    return count(s, "station_id = '" + STATION + "'");
  }

  private static long duplicates(Server s) throws Exception {
    return single(
        s,
        "SELECT count(*) FROM (SELECT device_id, seq FROM reading GROUP BY 1, 2 HAVING count(*) > 1) d");
  }

  private static long count(Server s, String where) throws Exception {
    return single(s, "SELECT count(*) FROM reading WHERE " + where);
  }

  private static long single(Server s, String sql) throws Exception {
    try (Connection c = s.database().dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
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
}
