package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
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
import org.yizhan.testing.Http;
import org.yizhan.testing.Mosquitto;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * The broker of docker-compose.yml, for real: Debian's Mosquitto 2 with the repository's
 * ops/mosquitto/mosquitto.conf (only its port, the plugin's Debian path and the data paths changed
 * for this machine) and the dynamic security file made by ops/mosquitto/dynsec-init.sh as the
 * compose init step makes it, and a Yizhan instance in broker mode keeping the plugin in step
 * (logged in as yizhan-server with the password the init step was given). Verifies that a device
 * provisioned through the instance logs in with its secret, publishes on its own topic and not on
 * another device's, receives only its own config, that anonymous and wrong-secret logins are
 * refused, and that the init step run again keeps the file with its devices, which still log in
 * after the broker restarts.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ComposeBrokerConfigIT {

  private static final Path OPS = Path.of("ops", "mosquitto");
  private static final String STATION = "cb-st";
  // Spaces and a dollar sign: the password reaches mosquitto_ctrl through a pipe, unharmed.
  private static final String SERVER_PASSWORD =
      "server $" + Long.toHexString(System.nanoTime()) + " x";

  private Process broker;

  @AfterEach
  void stopBroker() throws InterruptedException {
    stop();
  }

  @Test
  void aProvisionedDeviceReachesTheInstanceOnlyThroughItsOwnTopicsWithTheComposeBrokerConfig()
      throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    Path dir = Files.createTempDirectory("compose-broker");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dynsec = dir.resolve("dynsec").resolve("dynamic-security.json");
    assertThat(initDynsec(dynsec)).contains("with admin yizhan-server and no device yet");
    assertThat(Files.readString(dynsec))
        .doesNotContain(SERVER_PASSWORD)
        .contains("yz/v1/st/+/dev/+/config");
    int port = TestServers.freePort();
    Path conf = brokerConfig(dir, dynsec, port);
    startBroker(conf, dir.resolve("mosquitto.log"), port);
    String url = "tcp://127.0.0.1:" + port;

    assertThatThrownBy(() -> connect(url, "anonymous-" + port, null, null))
        .as("anonymous login")
        .isInstanceOf(MqttException.class);

    YizhanConfig base =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort())
            .withDataDir(Files.createTempDirectory("yizhan-a"));
    YizhanConfig brokerMode =
        base.withMqtt(withServerLogin(base.mqtt().withBroker(url, "yizhan", "yizhan-a")))
            .withBrokerDynsec(true);
    String deviceA;
    String secretA;
    try (Server instance = Server.start(brokerMode)) {
      Http http = new Http(instance.port());
      http.createStation(STATION, "配置代理", 112.5, 37.8);
      JsonObject a0 = http.provisionDevice(STATION, 60);
      JsonObject b0 = http.provisionDevice(STATION, 60);
      deviceA = a0.getString("id");
      secretA = a0.getString("secret");
      String deviceB = b0.getString("id");

      MqttClient a = connectWhenAllowed(url, deviceA, secretA);
      assertThatThrownBy(() -> connect(url, deviceA + "-x", deviceA, "not-the-secret"))
          .as("wrong secret")
          .isInstanceOf(MqttException.class);
      Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      publish(a, "yz/v1/st/" + STATION + "/dev/" + deviceB + "/telemetry", 1, ts);
      publish(a, "yz/v1/st/" + STATION + "/dev/" + deviceA + "/telemetry", 2, ts);
      waitUntil("device A's own reading stored", () -> readings(instance) == 1);
      assertThat(singleLong(instance, "SELECT seq FROM reading"))
          .as("the reading published on device B's topic never reached the instance")
          .isEqualTo(2);
      assertThat(singleString(instance, "SELECT device_id FROM reading")).isEqualTo(deviceA);

      // The server account publishes both devices' configs retained (the one right the init step
      // adds to the plugin's admin role); A asks for B's first, then its own: the broker refuses
      // the first or hands out retained messages in order, so once A has its own config, B's
      // would have come before it had the broker let it through.
      MqttClient server = connect(url, "ops-check", "yizhan-server", SERVER_PASSWORD);
      String configA = "yz/v1/st/" + STATION + "/dev/" + deviceA + "/config";
      String configB = "yz/v1/st/" + STATION + "/dev/" + deviceB + "/config";
      server.publish(configB, "{\"for\":\"b\"}".getBytes(StandardCharsets.UTF_8), 1, true);
      server.publish(configA, "{\"for\":\"a\"}".getBytes(StandardCharsets.UTF_8), 1, true);
      server.disconnect();
      List<String> toA = new CopyOnWriteArrayList<>();
      try {
        a.subscribe(configB, 1, (t, m) -> toA.add(t));
      } catch (MqttException refused) {
        assertThat(refused.getReasonCode())
            .as("B's config refused to A")
            .isEqualTo(MqttException.REASON_CODE_SUBSCRIBE_FAILED);
      }
      a.subscribe(configA, 1, (t, m) -> toA.add(t));
      waitUntil("A's own config delivered", () -> toA.contains(configA));
      assertThat(toA).as("what A received").containsExactly(configA);
      MqttClient b = connectWhenAllowed(url, deviceB, b0.getString("secret"));
      List<String> toB = new CopyOnWriteArrayList<>();
      b.subscribe(configB, 1, (t, m) -> toB.add(t));
      waitUntil("B's own config delivered", () -> toB.contains(configB));
      b.disconnect();
      a.disconnect();
    }

    // The next `docker compose up`: the init step runs again before the broker starts and must
    // keep the file the plugin has been writing the devices into.
    stop();
    String kept = Files.readString(dynsec);
    assertThat(kept).as("the devices are in the plugin's file").contains(deviceA);
    assertThat(initDynsec(dynsec)).contains("exists, kept as it is");
    assertThat(Files.readString(dynsec)).as("the file after the second init").isEqualTo(kept);
    startBroker(conf, dir.resolve("mosquitto-again.log"), port);
    connectWhenAllowed(url, deviceA, secretA).disconnect();
  }

  /** Runs ops/mosquitto/dynsec-init.sh as the compose broker-init service does; its output. */
  private static String initDynsec(Path out) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(List.of("sh", OPS.resolve("dynsec-init.sh").toString(), out.toString()))
            .redirectErrorStream(true);
    pb.environment().put("YIZHAN_BROKER_PASSWORD", SERVER_PASSWORD);
    // Debian's mosquitto, started as root, runs as user mosquitto and rewrites the file.
    boolean debianUser = !run("id", "-u", "mosquitto").isBlank();
    String[] who = debianUser ? new String[] {"mosquitto"} : new String[0];
    pb.environment().put("MOSQUITTO_UID", run(concat("id", "-u", who)).strip());
    pb.environment().put("MOSQUITTO_GID", run(concat("id", "-g", who)).strip());
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return output;
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

  /**
   * The repository's mosquitto.conf with this machine's port and paths, the plugin at Debian's
   * path.
   */
  private static Path brokerConfig(Path dir, Path dynsec, int port) throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
    String conf =
        Files.readString(OPS.resolve("mosquitto.conf"))
            .replace("listener 1883", "listener " + port + " 127.0.0.1")
            .replace("/usr/lib/mosquitto_dynamic_security.so", Mosquitto.DYNSEC_PLUGIN.toString())
            .replace("/mosquitto/dynsec/dynamic-security.json", dynsec.toString())
            .replace("/mosquitto/data/", data + "/");
    List<String> settings = conf.lines().filter(l -> !l.startsWith("#")).toList();
    assertThat(settings)
        .as("every compose path replaced")
        .noneMatch(l -> l.contains(" /mosquitto/") || l.contains("/usr/lib/mosquitto_"));
    assertThat(settings)
        .as("the plugin is loaded")
        .contains("plugin " + Mosquitto.DYNSEC_PLUGIN, "allow_anonymous false");
    Path file = dir.resolve("mosquitto.conf");
    Files.writeString(file, conf);
    return file;
  }

  private void startBroker(Path conf, Path log, int port) throws Exception {
    broker =
        new ProcessBuilder(List.of(Mosquitto.BINARY.toString(), "-c", conf.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline || !broker.isAlive()) {
          throw new AssertionError("mosquitto did not start: " + Files.readString(log));
        }
        Thread.sleep(50);
      }
    }
  }

  private void stop() throws InterruptedException {
    if (broker != null) {
      broker.destroy();
      broker.waitFor(10, TimeUnit.SECONDS);
      broker = null;
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
    try {
      c.connect(o);
    } catch (MqttException refused) {
      c.close();
      throw refused;
    }
    return c;
  }

  /**
   * Connects as the device once the broker lets it in: the instance tells it just after the API.
   */
  private static MqttClient connectWhenAllowed(String url, String id, String secret)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        return connect(url, id, id, secret);
      } catch (MqttException refused) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the broker did not let " + id + " in within 20 s", refused);
        }
        Thread.sleep(100);
      }
    }
  }

  private static void publish(MqttClient client, String topic, long seq, Instant ts)
      throws Exception {
    String json = "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"occupancy\":1}";
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    client.publish(topic, m);
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
