package org.yizhan.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The embedded PostgreSQL's programs, unpacked under the server's own (owner-only) data directory
 * rather than a temporary directory that any local user can write to. zonky unpacks them into
 * {@code PG-<md5 of the archive>}; this resolver hands zonky the usual archive and notes its digest
 * on the way, so the server can run {@code postgres} and {@code pg_ctl} itself before zonky starts
 * the postmaster (to set the password and to stop an orphan).
 */
final class PgBinaries implements PgBinaryResolver {

  /**
   * Why a jar built without the embedded binaries (the server image, Maven profile {@code image})
   * cannot start without an external database.
   */
  static final String NOT_BUNDLED =
      "database: this build carries no embedded PostgreSQL (the server image leaves it out);"
          + " set YIZHAN_DB_URL (jdbc:postgresql://host:5432/db), YIZHAN_DB_USER and"
          + " YIZHAN_DB_PASSWORD to an external PostgreSQL";

  private final Path workDir;
  private MessageDigest md5;
  private String digest;

  PgBinaries(Path workDir) {
    this.workDir = workDir;
  }

  Path workDir() {
    return workDir;
  }

  @Override
  public synchronized InputStream getPgBinary(String system, String machineHardware)
      throws IOException {
    InputStream archive;
    try {
      archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
    } catch (IllegalStateException missing) {
      throw new IllegalStateException(NOT_BUNDLED, missing);
    }
    try {
      md5 = MessageDigest.getInstance("MD5");
      digest = null;
    } catch (NoSuchAlgorithmException e) {
      throw new IOException(e);
    }
    return new DigestInputStream(archive, md5);
  }

  /** What a program printed (stdout and stderr) and how it exited. */
  record Ran(int exitCode, String output) {}

  /**
   * Runs a program to its end, feeding it {@code stdin} (for what must not appear on a command
   * line), and gives up after {@code timeout}.
   */
  Ran run(String program, List<String> args, String stdin, Duration timeout) throws IOException {
    Process p = new ProcessBuilder(command(program, args)).redirectErrorStream(true).start();
    try (OutputStream in = p.getOutputStream()) {
      in.write(stdin.getBytes(StandardCharsets.UTF_8));
    }
    CompletableFuture<byte[]> out =
        CompletableFuture.supplyAsync(
            () -> {
              try (InputStream o = p.getInputStream()) {
                return o.readAllBytes();
              } catch (IOException e) {
                return new byte[0];
              }
            });
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new IOException(program + " did not finish within " + timeout);
      }
      return new Ran(
          p.exitValue(), new String(out.get(5, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while running " + program, e);
    } catch (ExecutionException | TimeoutException e) {
      return new Ran(p.exitValue(), "");
    }
  }

  /**
   * The command line that runs one of the programs, as zonky runs them: under {@code unshare -U}
   * when the server runs as root, since PostgreSQL refuses to.
   */
  private synchronized List<String> command(String program, List<String> args) throws IOException {
    if (md5 == null) {
      throw new IOException("the PostgreSQL binaries have not been unpacked yet");
    }
    if (digest == null) {
      digest = HexFormat.of().formatHex(md5.digest()); // the archive has been read to its end
    }
    Path bin = workDir.resolve("PG-" + digest).resolve("bin");
    Path exe = bin.resolve(program);
    if (!Files.isExecutable(exe)) {
      throw new IOException("no PostgreSQL program at " + exe);
    }
    List<String> cmd = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      cmd.addAll(List.of("unshare", "-U"));
    }
    cmd.add(exe.toString());
    cmd.addAll(args);
    return cmd;
  }
}
