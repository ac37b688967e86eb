package org.yizhan.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.yizhan.App;

/**
 * The real server as a separate process, for tests that kill it. It runs on the test's class path
 * with the given environment and writes its log to a file.
 */
public final class ServerProcess implements AutoCloseable {

  private final Process process;
  private final Path log;
  private final int httpPort;

  private ServerProcess(Process process, Path log, int httpPort) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
  }

  /** Starts the server and waits until {@code /health/ready} answers 200. */
  public static ServerProcess start(
      Path dataDir, int httpPort, int mqttPort, Map<String, String> env) throws Exception {
    Path log = Files.createTempFile(dataDir, "server", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx512m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    App.class.getName(),
                    "--port",
                    Integer.toString(httpPort),
                    "--mqtt-port",
                    Integer.toString(mqttPort),
                    "--data-dir",
                    dataDir.toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().put("YIZHAN_LOG_FORMAT", "text");
    pb.environment().putAll(env);
    ServerProcess sp = new ServerProcess(pb.start(), log, httpPort);
    sp.awaitReady(Duration.ofSeconds(60));
    return sp;
  }

  private void awaitReady(Duration timeout) throws Exception {
    Http http = new Http(httpPort);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (http.get("/health/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("server did not become ready:\n" + log());
  }

  public Process process() {
    return process;
  }

  public String log() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** SIGKILL: no shutdown hook, no flushing, as in a power cut of the process. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
