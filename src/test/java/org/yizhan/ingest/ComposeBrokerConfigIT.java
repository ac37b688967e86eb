package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.MqttConfig;
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
 * The broker of docker-compose.yml, for real: Debian's Mosquitto 2 with the repository's
 * ops/mosquitto/mosquitto.conf and acl (only its port and paths changed for this machine), and a
 * password file made by ops/mosquitto/make-passwd.sh as the compose init step makes it. Verifies
 * that a device logs in with its secret, publishes on its own topic and not on another device's,
 * receives only its own config, that anonymous and wrong-password logins are refused, and that a
 * Yizhan instance in broker mode (logged in as yizhan-server) receives and stores the reading.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ComposeBrokerConfigIT {

  private static final Path OPS = Path.of("ops", "mosquitto");
  private static final String STATION = "cb-st";
  private static final String DEVICE_A = "cb-dev-a";
  private static final String DEVICE_B = "cb-dev-b";
  private static final String SERVER_PASSWORD = "server-" + Long.toHexString(System.nanoTime());

  private Process broker;

  @AfterEach
  void stopBroker() throws InterruptedException {
    if (broker != null) {
      broker.destroy();
      broker.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aDeviceReachesTheInstanceOnlyThroughItsOwnTopicsWithTheComposeBrokerConfig()
      throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    YizhanConfig base =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort());
    String secretA;
    String secretB;
    try (Server setup = Server.start(base)) {
      setup.registry().create(station());
      secretA = setup.devices().provision(DEVICE_A, STATION, DeviceKind.COMBINED, 60).secret();
      secretB = setup.devices().provision(DEVICE_B, STATION, DeviceKind.COMBINED, 60).secret();
    }
    Path dir = Files.createTempDirectory("compose-broker");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path devices = dir.resolve("devices.txt");
    Files.writeString(
        devices,
        "# provisioned devices\n" + DEVICE_A + " " + secretA + "\n\n" + DEVICE_B + " " + secretB);
    makePasswordFile(devices, dir.resolve("passwd"));
    int port = TestServers.freePort();
    startBroker(dir, port);
    String url = "tcp://127.0.0.1:" + port;

    assertThatThrownBy(() -> connect(url, "anonymous-" + port, null, null))
        .as("anonymous login")
        .isInstanceOf(MqttException.class);
    assertThatThrownBy(() -> connect(url, DEVICE_A, DEVICE_A, "not-the-secret"))
        .as("wrong secret")
        .isInstanceOf(MqttException.class);

    YizhanConfig brokerMode =
        base.withHttpPort(TestServers.freePort())
            .withDataDir(Files.createTempDirectory("yizhan-a"))
            .withMqtt(withServerLogin(base.mqtt().withBroker(url, "yizhan", "yizhan-a")));
    try (Server instance = Server.start(brokerMode)) {
      MqttClient a = connect(url, DEVICE_A, DEVICE_A, secretA);
      Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      publish(a, "yz/v1/st/" + STATION + "/dev/" + DEVICE_B + "/telemetry", 1, ts);
      publish(a, "yz/v1/st/" + STATION + "/dev/" + DEVICE_A + "/telemetry", 2, ts);
      waitUntil("device A's own reading stored", () -> readings(instance) == 1);
      assertThat(singleLong(instance, "SELECT seq FROM reading"))
          .as("the reading published on device B's topic never reached the instance")
          .isEqualTo(2);
      assertThat(singleString(instance, "SELECT device_id FROM reading")).isEqualTo(DEVICE_A);

      // The server account publishes both devices' configs retained; A subscribes to B's first,
      // then its own: the broker hands out retained messages in that order, so once A has its own
      // config, B's would have come before it had the ACL let it through.
      MqttClient server = connect(url, "ops-check", "yizhan-server", SERVER_PASSWORD);
      String configA = "yz/v1/st/" + STATION + "/dev/" + DEVICE_A + "/config";
      String configB = "yz/v1/st/" + STATION + "/dev/" + DEVICE_B + "/config";
      server.publish(configB, "{\"for\":\"b\"}".getBytes(StandardCharsets.UTF_8), 1, true);
      server.publish(configA, "{\"for\":\"a\"}".getBytes(StandardCharsets.UTF_8), 1, true);
      server.disconnect();
      List<String> toA = new CopyOnWriteArrayList<>();
      a.subscribe(configB, 1, (t, m) -> toA.add(t));
      a.subscribe(configA, 1, (t, m) -> toA.add(t));
      waitUntil("A's own config delivered", () -> toA.contains(configA));
      assertThat(toA).as("what A received").containsExactly(configA);
      MqttClient b = connect(url, DEVICE_B, DEVICE_B, secretB);
      List<String> toB = new CopyOnWriteArrayList<>();
      b.subscribe(configB, 1, (t, m) -> toB.add(t));
      waitUntil("B's own config delivered", () -> toB.contains(configB));
      b.disconnect();
      a.disconnect();
    }
  }

  /** Runs ops/mosquitto/make-passwd.sh as the compose broker-init service does. */
  private static void makePasswordFile(Path devices, Path out) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    "sh", OPS.resolve("make-passwd.sh").toString(), devices.toString(), "" + out))
            .redirectErrorStream(true);
    pb.environment().put("YIZHAN_BROKER_PASSWORD", SERVER_PASSWORD);
    // Debian's mosquitto, started as root, reads the file as user mosquitto.
    boolean debianUser = !run("id", "-u", "mosquitto").isBlank();
    String[] who = debianUser ? new String[] {"mosquitto"} : new String[0];
    pb.environment().put("MOSQUITTO_UID", run(concat("id", "-u", who)).strip());
    pb.environment().put("MOSQUITTO_GID", run(concat("id", "-g", who)).strip());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).contains("with yizhan-server and 2 devices");
    String hashed = Files.readString(out);
    assertThat(hashed).doesNotContain(SERVER_PASSWORD).contains(DEVICE_A + ":$");
  }

  private static String[] concat(String a, String b, String[] rest) {
    String[] all = new String[2 + rest.length];
    all[0] = a;
    all[1] = b;
    System.arraycopy(rest, 0, all, 2, rest.length);
    return all;
  }

  private static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return p.exitValue() == 0 ? out : "";
  }

  /** The repository's mosquitto.conf with this machine's port and paths. */
  private void startBroker(Path dir, int port) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
    String conf =
        Files.readString(OPS.resolve("mosquitto.conf"))
            .replace("listener 1883", "listener " + port + " 127.0.0.1")
            .replace("/mosquitto/passwd/passwd", dir.resolve("passwd").toString())
            .replace("/mosquitto/config/acl", OPS.resolve("acl").toAbsolutePath().toString())
            .replace("/mosquitto/data/", data + "/");
    assertThat(conf.lines().filter(l -> !l.startsWith("#")))
        .as("every compose path replaced")
        .noneMatch(l -> l.contains(" /mosquitto/"));
    Path file = dir.resolve("mosquitto.conf");
    Files.writeString(file, conf);
    broker =
        new ProcessBuilder(List.of(Mosquitto.BINARY.toString(), "-c", file.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mosquitto.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline || !broker.isAlive()) {
          throw new AssertionError(
              "mosquitto did not start: " + Files.readString(dir.resolve("mosquitto.log")));
        }
        Thread.sleep(50);
      }
    }
  }

  private static MqttConfig withServerLogin(MqttConfig m) {
    return new MqttConfig(
        m.mode(),
        m.host(),
        m.port(),
        m.tlsPort(),
        m.tlsKeyPath(),
        m.tlsCertPath(),
        m.brokerUrl(),
        "yizhan-server",
        SERVER_PASSWORD,
        m.sharedGroup(),
        m.clientId(),
        m.keepAliveMaxS(),
        m.maxConnections());
  }

  private static MqttClient connect(String url, String clientId, String user, String password)
      throws MqttException {
    MqttClient c = new MqttClient(url, clientId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setConnectionTimeout(10);
    if (user != null) {
      o.setUserName(user);
      o.setPassword(password.toCharArray());
    }
    c.connect(o);
    return c;
  }

  private static void publish(MqttClient client, String topic, long seq, Instant ts)
      throws Exception {
    String json = "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"occupancy\":1}";
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish(topic, m);
  }

  private static Station station() throws Exception {
    return new Station(
        STATION,
        "配置代理",
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
        null);
  }

  private static long readings(Server s) throws Exception {
    return singleLong(s, "SELECT count(*) FROM reading");
  }

  private static long singleLong(Server s, String sql) throws Exception {
    try (Connection c = s.database().dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static String singleString(Server s, String sql) throws Exception {
    try (Connection c = s.database().dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getString(1);
    }
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void waitUntil(String what, Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!check.holds()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within 30 s: " + what);
      }
      Thread.sleep(50);
    }
  }
}
