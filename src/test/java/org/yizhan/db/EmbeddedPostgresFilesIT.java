package org.yizhan.db;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies the ingest.md promises on the embedded PostgreSQL's files: its programs run from {@code
 * data/pg-bin}, not from the temporary directory; and a start after a crash stops a left-over
 * postmaster only if the pid in {@code postmaster.pid} is a {@code postgres} on that very
 * directory, never an unrelated process that reused the pid, nor a PostgreSQL of another directory.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class EmbeddedPostgresFilesIT {

  @Test
  void theProgramsAreUnpackedIntoTheDataDirectoryAndRunFromThere() throws Exception {
    Path data = Files.createTempDirectory("yizhan-pgbin").toRealPath();
    try (Database db = Database.embedded(data, 2)) {
      Path pgBin = data.resolve("pg-bin");
      assertThat(pgBin).isDirectory();
      try (Stream<Path> unpacked = Files.list(pgBin)) {
        assertThat(unpacked.map(p -> p.resolve("bin/postgres")))
            .as("programs under %s", pgBin)
            .anyMatch(Files::isExecutable);
      }
      ProcessHandle postmaster = postmasterOf(data.resolve("pg"));
      String command = postmaster.info().command().orElseThrow();
      assertThat(Path.of(command).toRealPath()).startsWith(pgBin);
    } finally {
      FileUtils.deleteDirectory(data.toFile());
    }
  }

  @Test
  void aStalePidFileNamingAnUnrelatedProcessIsRemovedAndThatProcessLeftAlone() throws Exception {
    Path data = Files.createTempDirectory("yizhan-stalepid").toRealPath();
    Path pgDir = data.resolve("pg");
    try (Database first = Database.embedded(data, 2)) {
      assertThat(first.isReachable()).isTrue();
    }
    // The server died; its pid was then given to some other program.
    Process unrelated = new ProcessBuilder("sleep", "300").start();
    try {
      Files.writeString(
          pgDir.resolve("postmaster.pid"),
          unrelated.pid() + "\n" + pgDir + "\n1700000000\n5432\n/tmp\nlocalhost\n0 0\nready\n");
      assertThat(OrphanPostmaster.find(pgDir)).isEmpty();
      // The stale lock file is removed (PostgreSQL would refuse a pid that is alive) and the
      // database starts; the unrelated process is left alone.
      try (Database second = Database.embedded(data, 2)) {
        assertThat(second.isReachable()).isTrue();
      }
      assertThat(unrelated.isAlive()).as("the unrelated process is alive").isTrue();
    } finally {
      unrelated.destroyForcibly().waitFor();
      FileUtils.deleteDirectory(data.toFile());
    }
  }

  @Test
  void aPostgresRunningOnAnotherDirectoryIsNotTakenForTheOrphan() throws Exception {
    Path other = Files.createTempDirectory("yizhan-otherpg").toRealPath();
    Path mine = Files.createTempDirectory("yizhan-minepg").toRealPath();
    try (EmbeddedPostgres pg =
        EmbeddedPostgres.builder().setDataDirectory(other.resolve("pg")).start()) {
      ProcessHandle running = postmasterOf(other.resolve("pg"));
      assertThat(OrphanPostmaster.find(other.resolve("pg")))
          .as("a postgres on its own directory is found")
          .map(ProcessHandle::pid)
          .contains(running.pid());
      Files.createDirectories(mine.resolve("pg"));
      Files.copy(
          other.resolve("pg/postmaster.pid"), mine.resolve("pg/postmaster.pid")); // stale copy
      assertThat(OrphanPostmaster.find(mine.resolve("pg"))).isEmpty();
    } finally {
      FileUtils.deleteDirectory(other.toFile());
      FileUtils.deleteDirectory(mine.toFile());
    }
  }

  private static ProcessHandle postmasterOf(Path pgDir) throws Exception {
    List<String> lines = Files.readAllLines(pgDir.resolve("postmaster.pid"));
    Optional<ProcessHandle> h = ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
    return h.orElseThrow();
  }
}
