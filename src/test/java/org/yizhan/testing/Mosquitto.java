package org.yizhan.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A real Mosquitto broker (Debian's {@code mosquitto} package) started for a test on a free port,
 * anonymous on loopback only. It logs every packet, so a test can see what the broker sent and
 * received (a SUBACK, a PUBACK from the server) instead of guessing from time.
 */
public final class Mosquitto implements AutoCloseable {

  public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

  private Process process;
  private final int port;
  private final Path log;
  private final Path conf;

  private Mosquitto(Process process, int port, Path log, Path conf) {
    this.process = process;
    this.port = port;
    this.log = log;
    this.conf = conf;
  }

  public static Mosquitto start() throws Exception {
    return start(List.of("allow_anonymous true"), false);
  }

  /** The dynamic security plugin as Debian's package installs it. */
  public static final Path DYNSEC_PLUGIN =
      Path.of("/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so");

  /**
   * A broker that lets nobody in anonymously and judges every client with the dynamic security
   * plugin, from a {@code dynamic-security.json} made now with {@code mosquitto_ctrl dynsec init}:
   * one admin (the server's own broker account) who may use the plugin's control topic, consume
   * every device's messages and publish the devices' configs; no device yet.
   */
  public static Mosquitto startWithDynamicSecurity(String admin, String password) throws Exception {
    Path dir = Files.createTempDirectory("dynsec");
    Path file = dir.resolve("dynamic-security.json");
    Process init =
        new ProcessBuilder("mosquitto_ctrl", "dynsec", "init", file.toString(), admin, password)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("init.log").toFile())
            .start();
    if (init.waitFor() != 0) {
      throw new IllegalStateException("mosquitto_ctrl dynsec init failed; see " + dir);
    }
    io.vertx.core.json.JsonObject json = new io.vertx.core.json.JsonObject(Files.readString(file));
    json.getJsonArray("roles")
        .getJsonObject(0)
        .getJsonArray("acls")
        .add(
            new io.vertx.core.json.JsonObject()
                .put("acltype", "publishClientSend")
                .put("topic", "yz/v1/st/+/dev/+/config")
                .put("allow", true));
    Files.writeString(file, json.encodePrettily());
    // Started as root, Mosquitto runs as the user "mosquitto", and the plugin rewrites the file.
    Files.setPosixFilePermissions(
        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-rw-rw-"));
    return start(
        List.of(
            "allow_anonymous false", "plugin " + DYNSEC_PLUGIN, "plugin_opt_config_file " + file),
        false);
  }

  /**
   * A broker that saves its sessions and queued messages when stopped ({@link #stop()}, SIGTERM)
   * and loads them when started again, as a production broker with persistence does: a restart
   * loses nothing it acknowledged.
   */
  public static Mosquitto startPersistent() throws Exception {
    return start(List.of("allow_anonymous true"), true);
  }

  private static Mosquitto start(List<String> access, boolean persistent) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(
          BINARY + " is missing: install Debian's mosquitto package (.ci/run does)");
    }
    int port = TestServers.freePort();
    Path dir = Files.createTempDirectory("mosquitto");
    Path conf = dir.resolve("mosquitto.conf");
    // Started as root, Mosquitto drops to the user "mosquitto" and must still write its database.
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.writeString(
        conf,
        String.join(
            "\n",
            "listener " + port + " 127.0.0.1",
            String.join("\n", access),
            persistent ? "persistence true" : "persistence false",
            "persistence_location " + data + "/",
            "max_inflight_messages 1000",
            "max_queued_messages 100000",
            "log_dest stdout",
            "log_type all",
            ""));
    Process p =
        // Line-buffered, so the log is complete up to the last packet when a test reads it.
        new ProcessBuilder(List.of("stdbuf", "-oL", BINARY.toString(), "-c", conf.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("mosquitto.log").toFile())
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return new Mosquitto(p, port, dir.resolve("mosquitto.log"), conf);
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("mosquitto did not start; see " + dir.resolve("mosquitto.log"));
  }

  public String url() {
    return "tcp://127.0.0.1:" + port;
  }

  /**
   * How many lines of the broker's log so far contain {@code fragment}, e.g. {@code "Received
   * PUBACK from yizhan-a"} or {@code "Sending SUBACK to yizhan-b"}.
   */
  public long logLines(String fragment) throws IOException {
    try (var lines = Files.lines(log)) {
      return lines.filter(l -> l.contains(fragment)).count();
    }
  }

  /**
   * Stops the broker (SIGTERM), for a test of what happens while it is unreachable; its sessions
   * and retained messages go with it unless it was started with {@link #startPersistent()}. {@link
   * #startAgain()} brings it back on the same port.
   */
  public void stop() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }

  /**
   * Freezes the broker (SIGSTOP): its connections stay open and take what is written to them, but
   * nothing is read or answered, as with a broker hung or cut off mid-way.
   */
  public void freeze() throws Exception {
    Process stop = new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).start();
    if (stop.waitFor() != 0) {
      throw new IllegalStateException("could not freeze mosquitto");
    }
  }

  /** Kills the broker at once (SIGKILL), frozen or not. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Starts the stopped broker again on its port, logging to the same log; returns once it listens.
   */
  public void startAgain() throws Exception {
    process =
        new ProcessBuilder(List.of("stdbuf", "-oL", BINARY.toString(), "-c", conf.toString()))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new IllegalStateException("mosquitto did not start again; see " + log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    process.waitFor();
  }
}
