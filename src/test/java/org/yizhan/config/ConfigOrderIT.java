package org.yizhan.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.testing.ServerProcess;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies the README "Configuration" order end to end: the real program given a YAML file, the
 * environment and command-line switches for the same settings listens where the command line says,
 * and keeps its generated secrets in the command line's data directory.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ConfigOrderIT {

  @Test
  void theCommandLineBeatsTheEnvironmentWhichBeatsTheYamlFile() throws Exception {
    int yamlHttp = TestServers.freePort();
    int envHttp = TestServers.freePort();
    int cliHttp = TestServers.freePort();
    int envMqtt = TestServers.freePort();
    int cliMqtt = TestServers.freePort();
    Path cliData = Files.createTempDirectory("yizhan-cli-data");
    Path envData = Files.createTempDirectory("yizhan-env-data");
    Path yamlData = Files.createTempDirectory("yizhan-yaml-data");
    Path yaml = Files.createTempFile("yizhan-order", ".yaml");
    Files.writeString(
        yaml,
        "http:\n  port: "
            + yamlHttp
            + "\nmqtt:\n  port: "
            + TestServers.freePort()
            + "\ndata:\n  dir: "
            + yamlData
            + "\n");
    TestDatabases.Db db = TestDatabases.fresh();
    Map<String, String> env =
        Map.of(
            "YIZHAN_CONFIG", yaml.toString(),
            "YIZHAN_HTTP_PORT", Integer.toString(envHttp),
            "YIZHAN_MQTT_PORT", Integer.toString(envMqtt),
            "YIZHAN_DATA_DIR", envData.toString(),
            "YIZHAN_DB_URL", db.url(),
            "YIZHAN_DB_USER", db.user(),
            "YIZHAN_DB_PASSWORD", db.password());
    // ServerProcess passes --port, --mqtt-port and --data-dir and waits for /health/ready there.
    try (ServerProcess server = ServerProcess.start(cliData, cliHttp, cliMqtt, env)) {
      assertThat(listening(cliMqtt)).as("MQTT on the command line's port").isTrue();
      assertThat(listening(envHttp)).as("HTTP on the environment's port").isFalse();
      assertThat(listening(yamlHttp)).as("HTTP on the YAML port").isFalse();
      assertThat(listening(envMqtt)).as("MQTT on the environment's port").isFalse();
      assertThat(cliData.resolve("admin-token")).exists();
      assertThat(envData.resolve("admin-token")).doesNotExist();
      assertThat(yamlData.resolve("admin-token")).doesNotExist();
    }
  }

  private static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
