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
  private final Path dataDir;

  private ServerProcess(Process process, Path log, int httpPort, Path dataDir) {
    this.process = process;
    this.log = log;
    this.httpPort = httpPort;
    this.dataDir = dataDir;
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
    ServerProcess sp = new ServerProcess(pb.start(), log, httpPort, dataDir);
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

  /**
   * The embedded PostgreSQL of a server without {@code YIZHAN_DB_URL}: where it listens now (from
   * its {@code postmaster.pid}) and the password the server generated for it.
   */
  public TestDatabases.Db embeddedDatabase() throws IOException {
    List<String> pid = Files.readAllLines(dataDir.resolve("pg/postmaster.pid"));
    String password = Files.readString(dataDir.resolve("db-password")).strip();
    return new TestDatabases.Db(
        "jdbc:postgresql://localhost:" + pid.get(3).strip() + "/postgres", "postgres", password);
  }

  /**
   * SIGKILL of the server and of its embedded PostgreSQL (the postmaster and every backend) at the
   * same moment, as in a power cut of the whole service: whatever PostgreSQL held only in memory is
   * gone. (A machine crash would also lose what the OS had not yet written to disk, which a test
   * cannot do.)
   */
  public void killWithPostgres() throws IOException, InterruptedException {
    long pid =
        Long.parseLong(Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(0).strip());
    ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
    List<ProcessHandle> all = new java.util.ArrayList<>(postmaster.descendants().toList());
    all.add(postmaster);
    process.destroyForcibly();
    all.forEach(ProcessHandle::destroyForcibly);
    process.waitFor();
    for (ProcessHandle h : all) {
      try {
        h.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // a zombie until its parent reaps it: dead all the same
      }
    }
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
