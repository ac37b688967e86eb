package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.YizhanConfig;
import org.yizhan.device.DeviceKind;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.station.Station;
import org.yizhan.station.StationKind;
import org.yizhan.station.StationStatus;
import org.yizhan.station.hours.OpeningHours;
import org.yizhan.testing.Http;
import org.yizhan.testing.LiveStream;
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.ServerProcess;
import org.yizhan.testing.StoppablePostgres;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies that three instances in broker mode (separate processes) on one Mosquitto 2 and one
 * PostgreSQL lose no reading a device got a PUBACK for, store none twice, and show every station's
 * newest reading on every instance (station endpoint and SSE) within 1 s of recovery, through three
 * faults one after the other while devices keep publishing: SIGKILL of one instance (not restarted:
 * the owner of the cluster-wide duties adopts its broker session within 10 s, then lets go when the
 * instance comes back with its client id), a restart of the broker, and PostgreSQL stopped for 30
 * s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 360, unit = TimeUnit.SECONDS)
class ClusterFaultIT {

  private static final String[] STATIONS = {"cf-st-0", "cf-st-1", "cf-st-2"};
  private static final String BBOX = "112.4,37.7,112.6,37.9";
  private static final String ALERT_DEVICE = "cf-quiet";
  private static final Pattern OCCUPANCY_AT = Pattern.compile("\"occupancy_at\":\"([^\"]+)\"");

  private StoppablePostgres pg;
  private Mosquitto broker;
  private final String[] clientIds = {"yizhan-a", "yizhan-b", "yizhan-c"};
  private final ServerProcess[] instances = new ServerProcess[3];
  private final int[] httpPorts = new int[3];
  private final LiveStream[] streams = new LiveStream[3];

  /**
   * Streams opened after the readings they would have carried: SSE sends changes, not the state (a
   * client loads the map, then follows the stream), so these are checked on the next burst.
   */
  private final boolean[] freshStream = new boolean[3];

  /** Instances killed and not yet restarted: nothing is asked of them. */
  private final boolean[] down = new boolean[3];

  private final List<AckedDevice> devices = new ArrayList<>();

  @BeforeAll
  void startCluster() throws Exception {
    pg = StoppablePostgres.start();
    broker = Mosquitto.startPersistent();
    provision(pg.db());
    List<CompletableFuture<ServerProcess>> starting = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      httpPorts[i] = TestServers.freePort();
      int n = i;
      starting.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return startInstance(n);
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    for (int i = 0; i < 3; i++) {
      instances[i] = starting.get(i).get(120, TimeUnit.SECONDS);
      streams[i] = LiveStream.open(httpPorts[i], BBOX);
    }
    for (String station : STATIONS) {
      for (int d = 0; d < 2; d++) {
        devices.add(new AckedDevice(broker.url(), station + "-dev-" + d, station, 40));
      }
    }
    // One reading, then silence: the device goes offline after three 5 s intervals.
    try (AckedDevice quiet = new AckedDevice(broker.url(), ALERT_DEVICE, STATIONS[0], 10)) {
      quiet.sending = true;
      waitUntil("the quiet device's reading acknowledged", 20, () -> !quiet.acked.isEmpty());
      quiet.sending = false;
    }
  }

  private ServerProcess startInstance(int i) throws Exception {
    TestDatabases.Db db = pg.db();
    return ServerProcess.start(
        Files.createTempDirectory(clientIds[i]),
        httpPorts[i],
        TestServers.freePort(),
        Map.of(
            "YIZHAN_DB_URL",
            db.url(),
            "YIZHAN_DB_USER",
            db.user(),
            "YIZHAN_DB_PASSWORD",
            db.password(),
            "YIZHAN_ADMIN_TOKEN",
            TestServers.ADMIN_TOKEN,
            "YIZHAN_MQTT_MODE",
            "broker",
            "YIZHAN_MQTT_BROKER_URL",
            broker.url(),
            "YIZHAN_MQTT_CLIENT_ID",
            clientIds[i],
            "YIZHAN_MQTT_SHARED_GROUP",
            "yizhan"));
  }

  /** Stations and devices, created before the instances start so that every instance knows them. */
  private static void provision(TestDatabases.Db db) throws Exception {
    YizhanConfig config =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort());
    try (Server setup = Server.start(config)) {
      for (int s = 0; s < STATIONS.length; s++) {
        setup.registry().create(station(STATIONS[s], 112.5 + s * 0.01));
        for (int d = 0; d < 2; d++) {
          setup
              .devices()
              .provision(STATIONS[s] + "-dev-" + d, STATIONS[s], DeviceKind.COMBINED, 60);
        }
      }
      setup.devices().provision(ALERT_DEVICE, STATIONS[0], DeviceKind.COMBINED, 5);
    }
  }

  private static Station station(String id, double lon) throws Exception {
    return new Station(
        id,
        "故障测试",
        null,
        StationKind.URBAN_REST_STATION,
        new WgsCoordinate(37.8, lon),
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
        null);
  }

  @AfterAll
  void stopCluster() throws Exception {
    for (AckedDevice d : devices) {
      d.close();
    }
    for (int i = 0; i < 3; i++) {
      if (streams[i] != null) {
        streams[i].close();
      }
      if (instances[i] != null) {
        instances[i].close();
      }
    }
    if (broker != null) {
      broker.close();
    }
    if (pg != null) {
      pg.close();
    }
  }

  /**
   * Verifies that through a SIGKILL of one instance, a broker restart and PostgreSQL stopped for 30
   * s, every acknowledged reading is stored exactly once and every instance shows each station's
   * newest reading within 1 s of recovery.
   */
  @Test
  @Order(1)
  @Timeout(value = 240, unit = TimeUnit.SECONDS)
  void acknowledgedReadingsSurviveEachFaultExactlyOnceAndShowEverywhere() throws Exception {
    sendFor(3_000);

    // (1) SIGKILL of instance c while devices publish, and no restart: the owner of the duties
    // adopts c's broker session and stores what Mosquitto keeps for it (in flight at the kill, and
    // c's round-robin share of later messages).
    setSending(true);
    Thread.sleep(1_000);
    String c = clientIds[2];
    long subacksToC = broker.logLines("Sending SUBACK to " + c);
    long killedAt = System.nanoTime();
    instances[2].kill();
    streams[2].close();
    down[2] = true;
    waitUntil(
        "a survivor subscribed in " + c + "'s session",
        15,
        () -> broker.logLines("Sending SUBACK to " + c) > subacksToC);
    long adoptedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    Thread.sleep(Math.max(0, 3_000 - adoptedMs));
    setSending(false);
    awaitBrokerAcks();
    waitUntil(
        "acknowledged readings stored while " + c + " stays dead", 20, () -> missing().isEmpty());
    long storedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    System.out.printf(
        "ClusterFaultIT: %s's session adopted %d ms after SIGKILL; every acknowledged reading"
            + " stored %d ms after it%n",
        c, adoptedMs, storedMs);
    assertThat(adoptedMs)
        .as("ms from SIGKILL to adoption of " + c + "'s session")
        .isLessThan(10_000);
    recovered("after SIGKILL of " + c + ", its session adopted, without restarting it");

    // c comes back with its client id: the adopter lets go and does not take the session back.
    long connectionsOfC = broker.logLines(" as " + c + " (");
    instances[2] = startInstance(2);
    down[2] = false;
    streams[2] = LiveStream.open(httpPorts[2], BBOX);
    freshStream[2] = true;
    recovered("after " + c + " was restarted with its client id");
    waitUntil(
        "the owner let go of " + c + "'s session",
        5,
        () -> {
          for (int i = 0; i < 2; i++) {
            if (instances[i].log().contains("letting go of the adopted session " + c)) {
              return true;
            }
          }
          return false;
        });
    Thread.sleep(2_000);
    assertThat(broker.logLines(" as " + c + " ("))
        .as("connections made with " + c + "'s client id since it was restarted")
        .isEqualTo(connectionsOfC + 1);

    // (2) The broker restarts (persistence on) while devices publish. The devices come back only
    // once every instance has subscribed again: Mosquitto 2.0.11 restores a persistent session
    // without its shared subscriptions, so a message that arrives before the first instance
    // resubscribes is acknowledged to the device and given to no one (docs/ingest.md).
    setSending(true);
    Thread.sleep(1_000);
    long[] subacks = new long[3];
    for (int i = 0; i < 3; i++) {
      subacks[i] = broker.logLines("Sending SUBACK to " + clientIds[i]);
    }
    broker.stop();
    setSending(false);
    broker.startAgain();
    waitUntil(
        "every instance subscribed again",
        20,
        () -> {
          for (int i = 0; i < 3; i++) {
            if (broker.logLines("Sending SUBACK to " + clientIds[i]) <= subacks[i]) {
              return false;
            }
          }
          return true;
        });
    for (AckedDevice d : devices) {
      d.reconnect();
    }
    setSending(true);
    Thread.sleep(3_000);
    setSending(false);
    awaitBrokerAcks();
    recovered("after the broker restarted");
    for (int i = 0; i < 3; i++) {
      // A reading stored after its connection to the broker closed is acknowledged by the copy
      // the broker sends again, not on a connection that is gone (or a newer one).
      assertThat(instances[i].log().lines().filter(l -> l.contains("Unhandled exception")))
          .as(clientIds[i] + "'s log after the broker restart")
          .isEmpty();
    }

    // (3) PostgreSQL stops for 30 s while devices publish.
    setSending(true);
    Thread.sleep(1_000);
    pg.stop();
    Thread.sleep(30_000);
    pg.startAgain();
    Thread.sleep(2_000);
    setSending(false);
    awaitBrokerAcks();
    recovered("after PostgreSQL was stopped for 30 s");
  }

  /**
   * Verifies that the quiet device's going offline raised one alert, not one per instance. Fails
   * until alert sweeps run on one instance only (issue 18, "one owner for cluster-wide duties").
   */
  @Test
  @Order(2)
  @Timeout(value = 90, unit = TimeUnit.SECONDS)
  void eachAlertIsRaisedOnceByTheCluster() throws Exception {
    String where = "kind = 'device_offline' AND device_id = '" + ALERT_DEVICE + "'";
    waitUntil("the quiet device's offline alert", 60, () -> count("alert", where) >= 1);
    // Every instance sweeps each second: three sweeps later a second alert would be there.
    Thread.sleep(3_000);
    assertThat(count("alert", where)).as("device_offline alerts of " + ALERT_DEVICE).isEqualTo(1);
  }

  private void sendFor(long ms) throws Exception {
    setSending(true);
    Thread.sleep(ms);
    setSending(false);
    awaitBrokerAcks();
    recovered("before any fault");
  }

  private void setSending(boolean on) {
    devices.forEach(d -> d.sending = on);
  }

  private void awaitBrokerAcks() throws Exception {
    waitUntil(
        "the broker acknowledged what the devices sent",
        30,
        () -> devices.stream().allMatch(d -> d.pending() == 0));
  }

  /**
   * Every acknowledged reading stored exactly once (waiting up to 60 s for it), and every instance
   * showing each station's newest reading within 1 s of that moment; then the same for a short
   * burst of readings sent after recovery, which every SSE stream must carry, also one opened after
   * the fault.
   */
  private void recovered(String when) throws Exception {
    storedOnceAndShown(when);
    setSending(true);
    Thread.sleep(200);
    setSending(false);
    awaitBrokerAcks();
    java.util.Arrays.fill(freshStream, false);
    storedOnceAndShown(when + ", then a burst");
  }

  private void storedOnceAndShown(String when) throws Exception {
    long deadline60 = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!missing().isEmpty() && System.nanoTime() < deadline60) {
      Thread.sleep(20);
    }
    assertThat(missing()).as("acknowledged readings not stored 60 s " + when).isEmpty();
    long recoveredAt = System.nanoTime();
    assertThat(duplicates()).as("readings stored more than once " + when).isEmpty();
    Map<String, Instant> newest = newestStored();
    assertThat(newest).as("stations with readings").hasSize(STATIONS.length);
    long deadline = recoveredAt + TimeUnit.SECONDS.toNanos(1);
    for (int i = 0; i < 3; i++) {
      if (down[i]) {
        continue;
      }
      for (String station : STATIONS) {
        int port = httpPorts[i];
        LiveStream stream = streams[i];
        Instant want = newest.get(station);
        String what = clientIds[i] + " shows " + station + " at " + want + " " + when;
        awaitBy(deadline, what + " (station endpoint)", () -> shows(port, station, want));
        if (!freshStream[i]) {
          awaitBy(deadline, what + " (SSE)", () -> streamed(stream, station, want));
        }
      }
    }
  }

  private static boolean shows(int port, String station, Instant want) throws Exception {
    Instant at = occupancyAt(new Http(port).get("/api/v1/stations/" + station).body());
    return at != null && !at.isBefore(want);
  }

  private static boolean streamed(LiveStream stream, String station, Instant want) {
    return stream.seen().stream()
        .filter(u -> station.equals(u.getString("id")))
        .map(u -> occupancyAt(u.encode()))
        .anyMatch(at -> at != null && !at.isBefore(want));
  }

  private static Instant occupancyAt(String json) {
    Matcher m = OCCUPANCY_AT.matcher(json);
    return m.find() ? Instant.parse(m.group(1)) : null;
  }

  /** Acknowledged readings not in the table, as {@code device/seq}. */
  private Set<String> missing() throws Exception {
    Set<String> stored = new java.util.HashSet<>();
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT device_id, seq FROM reading")) {
      while (rs.next()) {
        stored.add(rs.getString(1) + "/" + rs.getLong(2));
      }
    }
    Set<String> out = new TreeSet<>();
    for (AckedDevice d : devices) {
      for (long seq : d.acked) {
        if (!stored.contains(d.id + "/" + seq)) {
          out.add(d.id + "/" + seq);
        }
      }
    }
    return out;
  }

  private List<String> duplicates() throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT device_id, seq, count(*) FROM reading GROUP BY 1, 2 HAVING count(*) > 1")) {
      while (rs.next()) {
        out.add(rs.getString(1) + "/" + rs.getLong(2) + " x" + rs.getLong(3));
      }
    }
    return out;
  }

  private Map<String, Instant> newestStored() throws Exception {
    Map<String, Instant> out = new HashMap<>();
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT station_id, max(time) FROM reading WHERE device_id <> '"
                    + ALERT_DEVICE
                    + "' GROUP BY 1")) {
      while (rs.next()) {
        out.put(rs.getString(1), rs.getTimestamp(2).toInstant());
      }
    }
    return out;
  }

  private long count(String table, String where) throws Exception {
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table + " WHERE " + where)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private Connection connect() throws Exception {
    TestDatabases.Db db = pg.db();
    return DriverManager.getConnection(db.url(), db.user(), db.password());
  }

  /** A condition read from the system under test. */
  private interface Check {
    boolean holds() throws Exception;
  }

  private static void waitUntil(String what, int seconds, Check check) throws Exception {
    awaitBy(System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds), what, check);
  }

  /** Polls {@code check} until it holds; fails naming {@code what} once past {@code deadline}. */
  private static void awaitBy(long deadline, String what, Check check) throws Exception {
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not in time: " + what);
      }
      Thread.sleep(20);
    }
  }
}
