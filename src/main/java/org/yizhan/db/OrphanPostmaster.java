package org.yizhan.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A postmaster left running on the data directory by a server that died without its shutdown
 * (SIGKILL, the OOM killer): PostgreSQL runs in processes of its own, which outlive the JVM and
 * keep the directory locked, so the next start must stop it first. Only called while this server
 * holds zonky's lock on the directory, so any postmaster on it has no live server behind it.
 */
final class OrphanPostmaster {

  private static final Logger LOG = LoggerFactory.getLogger(OrphanPostmaster.class);

  private OrphanPostmaster() {}

  /** Stops the postmaster named in {@code pgDir/postmaster.pid}, if one is still running there. */
  static void stopIfRunning(Path pgDir, PgBinaries binaries) throws IOException {
    Optional<ProcessHandle> orphan = find(pgDir);
    if (orphan.isEmpty()) {
      removeLockOfReusedPid(pgDir);
      return;
    }
    ProcessHandle pm = orphan.get();
    LOG.warn(
        "database: PostgreSQL (pid {}) from an earlier run still holds {}; stopping it",
        pm.pid(),
        pgDir);
    // fast: roll back what its dead clients left open, write a checkpoint, exit.
    PgBinaries.Ran ran = pgCtlStop(pgDir, binaries, "fast", 60);
    if (!exited(pm, Duration.ofSeconds(5))) {
      LOG.warn("database: pg_ctl stop -m fast failed ({}); stopping it at once", ran.output());
      pgCtlStop(pgDir, binaries, "immediate", 30); // crash recovery on the next start
    }
    if (!exited(pm, Duration.ofSeconds(10))) {
      throw new IOException(
          "PostgreSQL (pid " + pm.pid() + ") still holds " + pgDir + " and does not stop");
    }
    LOG.info("database: the earlier PostgreSQL (pid {}) has stopped", pm.pid());
  }

  /** The live postgres process named in the directory's pid file, if there is one. */
  static Optional<ProcessHandle> find(Path pgDir) throws IOException {
    return named(pgDir).filter(h -> isPostmaster(h, pgDir));
  }

  /** The live process whose pid the directory's pid file holds, whatever it runs. */
  private static Optional<ProcessHandle> named(Path pgDir) throws IOException {
    Path pidFile = pgDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return Optional.empty();
    }
    List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
    long pid;
    try {
      pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).strip());
    } catch (NumberFormatException e) {
      return Optional.empty(); // half-written by a postmaster killed while starting
    }
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
  }

  /**
   * After a machine restart the pid in a left-over pid file may belong to another program, and
   * PostgreSQL then refuses to start ("lock file already exists"). The file is removed only when
   * that process is known to run a program other than PostgreSQL; a postgres we cannot place, or a
   * process whose program is hidden, keeps the file and the start fails safe.
   */
  private static void removeLockOfReusedPid(Path pgDir) throws IOException {
    Optional<ProcessHandle> holder = named(pgDir);
    if (holder.isEmpty()) {
      return;
    }
    Optional<String> program =
        holder.get().info().command().map(c -> Path.of(c).getFileName().toString());
    if (program.isEmpty()
        || program.get().equals("postgres")
        || program.get().equals("postmaster")) {
      return;
    }
    LOG.warn(
        "database: {} names pid {}, now {}, not PostgreSQL (a pid reused since the last run);"
            + " removing that stale lock file",
        pgDir.resolve("postmaster.pid"),
        holder.get().pid(),
        program.get());
    Files.deleteIfExists(pgDir.resolve("postmaster.pid"));
  }

  /**
   * A pid in a stale file may have been reused by an unrelated process: only a {@code postgres}
   * running on this directory counts.
   */
  private static boolean isPostmaster(ProcessHandle h, Path pgDir) {
    ProcessHandle.Info info = h.info();
    boolean postgres =
        info.command()
            .map(c -> Path.of(c).getFileName().toString().equals("postgres"))
            .orElse(false);
    boolean onThisDir =
        info.arguments()
            .map(args -> List.of(args).contains(pgDir.toString()))
            .orElse(true); // arguments hidden: the pid file and the program name must do
    return postgres && onThisDir;
  }

  private static PgBinaries.Ran pgCtlStop(Path pgDir, PgBinaries binaries, String mode, int waitS)
      throws IOException {
    return binaries.run(
        "pg_ctl",
        List.of("stop", "-D", pgDir.toString(), "-m", mode, "-w", "-t", Integer.toString(waitS)),
        "",
        Duration.ofSeconds(waitS + 10L));
  }

  private static boolean exited(ProcessHandle h, Duration wait) {
    try {
      h.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return !h.isAlive();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !h.isAlive();
    } catch (ExecutionException e) {
      return !h.isAlive();
    }
  }
}
