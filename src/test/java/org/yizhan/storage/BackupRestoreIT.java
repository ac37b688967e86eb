package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.yizhan.storage.BackupScripts.connect;
import static org.yizhan.storage.BackupScripts.count;
import static org.yizhan.storage.BackupScripts.publish;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
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
        publish(c, "bk-st-1", deviceId, seq, ts.plusSeconds(seq));
      }
      c.disconnect();
      assertThat(count(source, "SELECT count(*) FROM reading")).isEqualTo(3);

      BackupScripts.Ran backup =
          BackupScripts.run(
              "backup.sh", null, "--data-dir", dataDir.toString(), "--out", backups.toString());
      assertThat(backup.exit()).as(backup.output()).isZero();
    }
    Path dump = BackupScripts.onlyDump(backups);

    TestDatabases.Db target = TestDatabases.fresh();
    BackupScripts.Ran restore =
        BackupScripts.run(
            "restore.sh", target, "--dbname", BackupScripts.uri(target), dump.toString());
    assertThat(restore.exit()).as(restore.output()).isZero();
    BackupScripts.Ran twice =
        BackupScripts.run(
            "restore.sh", target, "--dbname", BackupScripts.uri(target), dump.toString());
    assertThat(twice.exit()).as("a second restore over the data is refused").isNotZero();
    assertThat(twice.output()).contains("restore into an empty database");

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
}
