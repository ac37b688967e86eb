package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * The backup scripts of docs/operations.md, for real: a server on its embedded PostgreSQL gets
 * stations through its admin API and readings through its MQTT endpoint; ops/backup/backup.sh dumps
 * it while it runs (Debian's pg_dump against the embedded server); ops/backup/restore.sh restores
 * the dump into a fresh database; a server started there has the stations, the readings and the
 * device, which can still log in with its secret.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class BackupRestoreIT {

  private static final Path BACKUP = Path.of("ops", "backup");

  @Test
  void aDumpOfTheEmbeddedStoreRestoresIntoAFreshDatabaseAServerStartsOn() throws Exception {
    Path dataDir = Files.createTempDirectory("yizhan-backup-src");
    Path backups = Files.createTempDirectory("yizhan-backups");
    Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
    String deviceId;
    String secret;
    try (Server source =
        Server.start(
            TestServers.defaults().withDataDir(dataDir).withHttpPort(TestServers.freePort()))) {
      assertThat(source.config().dbUrl()).as("the embedded store").isEmpty();
      Http http = new Http(source.port());
      http.createStation("bk-st-1", "备份一号", 112.55, 37.87);
      http.createStation("bk-st-2", "备份二号", 112.56, 37.88);
      JsonObject device = http.provisionDevice("bk-st-1", 60);
      deviceId = device.getString("id");
      secret = device.getString("secret");
      MqttClient c = connect(source.config().mqtt().port(), deviceId, secret);
      for (int seq = 1; seq <= 3; seq++) {
        publish(c, "bk-st-1", deviceId, seq, ts.plusSeconds(seq)); // QoS 1: PUBACK after commit
      }
      c.disconnect();
      assertThat(count(source, "SELECT count(*) FROM reading")).isEqualTo(3);

      Ran backup =
          run(
              List.of(
                  "sh",
                  BACKUP.resolve("backup.sh").toString(),
                  "--data-dir",
                  dataDir.toString(),
                  "--out",
                  backups.toString()),
              Map.of());
      assertThat(backup.exit()).as(backup.output()).isZero();
    }
    List<Path> dumps;
    try (var files = Files.list(backups)) {
      dumps = files.filter(p -> p.getFileName().toString().endsWith(".dump")).toList();
    }
    assertThat(dumps).as("one finished dump, no partial file left").hasSize(1);

    TestDatabases.Db target = TestDatabases.fresh();
    Map<String, String> env = target.password().isEmpty() ? Map.of() : pgPassword(target);
    Ran restore =
        run(
            List.of(
                "sh",
                BACKUP.resolve("restore.sh").toString(),
                "--dbname",
                target
                    .url()
                    .substring("jdbc:".length())
                    .replace("://", "://" + target.user() + "@"),
                dumps.get(0).toString()),
            env);
    assertThat(restore.exit()).as(restore.output()).isZero();

    try (Server restored =
        Server.start(
            TestServers.defaults()
                .withDatabase(target.url(), target.user(), target.password())
                .withHttpPort(TestServers.freePort()))) {
      assertThat(restored.registry().snapshot().find("bk-st-1").orElseThrow().nameZh())
          .isEqualTo("备份一号");
      assertThat(restored.registry().snapshot().find("bk-st-2")).isPresent();
      assertThat(
              count(restored, "SELECT count(*) FROM reading WHERE device_id = '" + deviceId + "'"))
          .isEqualTo(3);
      assertThat(new Http(restored.port()).get("/health/ready").statusCode()).isEqualTo(200);

      MqttClient again = connect(restored.config().mqtt().port(), deviceId, secret);
      publish(again, "bk-st-1", deviceId, 4, ts.plusSeconds(4));
      again.disconnect();
      assertThat(count(restored, "SELECT count(*) FROM reading")).isEqualTo(4);
    }
  }

  private static Map<String, String> pgPassword(TestDatabases.Db db) {
    return Map.of("PGPASSWORD", db.password());
  }

  private record Ran(int exit, String output) {}

  private static Ran run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Ran(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  private static MqttClient connect(int port, String deviceId, String secret) throws Exception {
    MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, deviceId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(deviceId);
    o.setPassword(secret.toCharArray());
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    c.connect(o);
    return c;
  }

  private static void publish(MqttClient c, String station, String device, long seq, Instant ts)
      throws Exception {
    String json = "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"occupancy\":2}";
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("yz/v1/st/" + station + "/dev/" + device + "/telemetry", m);
  }

  private static long count(Server s, String sql) throws Exception {
    List<Long> values = new ArrayList<>();
    try (Connection c = s.database().dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      while (rs.next()) {
        values.add(rs.getLong(1));
      }
    }
    return values.get(0);
  }
}
