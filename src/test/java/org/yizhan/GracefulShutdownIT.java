package org.yizhan;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Verifies that the real server process, on embedded defaults, becomes ready and that SIGTERM
 * closes HTTP, the pool and the embedded PostgreSQL cleanly before the process exits.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GracefulShutdownIT {

  @Test
  void sigtermStopsHttpAndTheEmbeddedDatabaseCleanly() throws Exception {
    Path dataDir = Files.createTempDirectory("yizhan-sigterm");
    Path log = dataDir.resolve("server.log");
    int port = TestServers.freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    App.class.getName(),
                    "--port",
                    Integer.toString(port),
                    "--data-dir",
                    dataDir.toString(),
                    "--mqtt-port",
                    Integer.toString(TestServers.freePort())))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    try {
      Http http = new Http(port);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      int status = 0;
      while (status != 200 && System.nanoTime() < deadline && p.isAlive()) {
        try {
          status = http.get("/health/ready").statusCode();
        } catch (IOException notYet) {
          Thread.sleep(200);
        }
      }
      assertThat(status).as(read(log)).isEqualTo(200);
      assertThat(dataDir.resolve("pg/postmaster.pid")).exists();

      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited within 30 s").isTrue();
      String out = read(log);
      assertThat(out)
          .contains("shutdown: closing HTTP", "embedded PostgreSQL stopped", "shutdown: complete");
      assertThat(dataDir.resolve("pg/postmaster.pid")).doesNotExist();
    } finally {
      p.destroyForcibly();
    }
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
