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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;
import org.yizhan.testing.Timescale;

/**
 * ops/backup/restore.sh on TimescaleDB: a dump of a server's TimescaleDB store, restored between
 * timescaledb_pre_restore() and timescaledb_post_restore() into a fresh database, keeps the
 * readings hypertable with its chunks, its compression and retention jobs and the rollup
 * aggregates, and a server started there stores new readings.
 */
@Tag(Timescale.TAG)
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TimescaleBackupRestoreIT {

  private static final String JOBS =
      "SELECT count(*) FROM timescaledb_information.jobs WHERE hypertable_name = 'reading'"
          + " AND proc_name IN ('policy_compression', 'policy_retention')";

  @Test
  void aTimescaleDumpRestoresWithItsHypertableJobsAndAggregates() throws Exception {
    TestDatabases.Db source = TestDatabases.fresh();
    Path backups = Files.createTempDirectory("yizhan-backups");
    Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(120);
    String deviceId;
    String secret;
    try (Server s =
        Server.start(
            TestServers.defaults()
                .withDatabase(source.url(), source.user(), source.password())
                .withHttpPort(TestServers.freePort()))) {
      Timescale.assumeOrFail(
          count(s, "SELECT count(*) FROM pg_extension WHERE extname = 'timescaledb'") == 1,
          "the TimescaleDB restore");
      Http http = new Http(s.port());
      http.createStation("tbk-st", "时序备份", 112.55, 37.87);
      JsonObject device = http.provisionDevice("tbk-st", 60);
      deviceId = device.getString("id");
      secret = device.getString("secret");
      MqttClient c = connect(s.config().mqtt().port(), deviceId, secret);
      for (int seq = 1; seq <= 3; seq++) {
        publish(c, "tbk-st", deviceId, seq, ts.plusSeconds(seq));
      }
      c.disconnect();
      assertThat(count(s, JOBS)).isEqualTo(2);
    }
    BackupScripts.Ran backup =
        BackupScripts.run(
            "backup.sh",
            source,
            "--dbname",
            BackupScripts.uri(source),
            "--out",
            backups.toString());
    assertThat(backup.exit()).as(backup.output()).isZero();

    TestDatabases.Db target = TestDatabases.fresh();
    BackupScripts.Ran restore =
        BackupScripts.run(
            "restore.sh",
            target,
            "--dbname",
            BackupScripts.uri(target),
            BackupScripts.onlyDump(backups).toString());
    assertThat(restore.exit()).as(restore.output()).isZero();
    assertThat(restore.output()).contains("timescaledb_pre_restore");

    try (Server restored =
        Server.start(
            TestServers.defaults()
                .withDatabase(target.url(), target.user(), target.password())
                .withHttpPort(TestServers.freePort()))) {
      assertThat(count(restored, "SELECT count(*) FROM reading")).isEqualTo(3);
      assertThat(
              count(
                  restored,
                  "SELECT count(*) FROM timescaledb_information.hypertables"
                      + " WHERE hypertable_name = 'reading'"))
          .isEqualTo(1);
      assertThat(count(restored, JOBS)).isEqualTo(2);
      assertThat(
              count(
                  restored,
                  "SELECT count(*) FROM timescaledb_information.continuous_aggregates"
                      + " WHERE view_name IN ('reading_15m', 'reading_1h', 'reading_1d')"))
          .isEqualTo(3);
      MqttClient again = connect(restored.config().mqtt().port(), deviceId, secret);
      publish(again, "tbk-st", deviceId, 4, ts.plusSeconds(4));
      again.disconnect();
      assertThat(count(restored, "SELECT count(*) FROM reading")).isEqualTo(4);
    }
  }
}
