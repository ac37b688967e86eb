package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.yizhan.Server;
import org.yizhan.testing.TestDatabases;

/** Runs ops/backup's scripts and feeds a server readings, for the backup and restore tests. */
final class BackupScripts {

  static final Path DIR = Path.of("ops", "backup");

  private BackupScripts() {}

  record Ran(int exit, String output) {}

  /** Runs {@code script} of ops/backup with {@code args}, libpq's password for {@code db} set. */
  static Ran run(String script, TestDatabases.Db db, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("sh", DIR.resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    if (db != null && !db.password().isEmpty()) {
      pb.environment().put("PGPASSWORD", db.password());
    }
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
    return new Ran(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }

  /** The database as a libpq URI with its user, for --dbname (the password goes by PGPASSWORD). */
  static String uri(TestDatabases.Db db) {
    return db.url().substring("jdbc:".length()).replace("://", "://" + db.user() + "@");
  }

  /** The only finished dump in {@code dir}. */
  static Path onlyDump(Path dir) throws Exception {
    try (var files = Files.list(dir)) {
      List<Path> dumps = files.toList();
      assertThat(dumps).as("one finished dump, no partial file left").hasSize(1);
      assertThat(dumps.get(0).getFileName().toString()).startsWith("yizhan-").endsWith(".dump");
      return dumps.get(0);
    }
  }

  static MqttClient connect(int port, String deviceId, String secret) throws Exception {
    MqttClient c = new MqttClient("tcp://127.0.0.1:" + port, deviceId, new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(deviceId);
    o.setPassword(secret.toCharArray());
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    c.connect(o);
    return c;
  }

  /** Publishes one reading with QoS 1: it returns with the PUBACK, sent after the commit. */
  static void publish(MqttClient c, String station, String device, long seq, Instant ts)
      throws Exception {
    String json = "{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"occupancy\":2}";
    MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("yz/v1/st/" + station + "/dev/" + device + "/telemetry", m);
  }

  static long count(Server s, String sql) throws Exception {
    try (Connection c = s.database().dataSource().getConnection();
        PreparedStatement st = c.prepareStatement(sql);
        ResultSet rs = st.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
