package org.yizhan.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.config.SecretFiles;

/**
 * Password (SCRAM) authentication for the embedded PostgreSQL. zonky's initdb trusts every local
 * connection; any local user could then read {@code server_secret} and sign sessions. Before the
 * postmaster first listens, the superuser's password is set in single-user mode (no socket is open)
 * and {@code pg_hba.conf} is replaced by one that asks every connection for it. A data directory
 * from an older version, still on trust, is converted the same way on its next start.
 */
final class PasswordAuth {

  private static final Logger LOG = LoggerFactory.getLogger(PasswordAuth.class);

  /** The first line of a {@code pg_hba.conf} written here. */
  static final String HBA_MARK = "# yizhan: every connection authenticates with scram-sha-256";

  private static final String HBA =
      HBA_MARK
          + "\n"
          + "# The password is in the server's data directory (db-password), readable by its owner"
          + " only.\n"
          + "local all all scram-sha-256\n"
          + "host  all all 127.0.0.1/32 scram-sha-256\n"
          + "host  all all ::1/128 scram-sha-256\n";

  private PasswordAuth() {}

  /** Whether the directory's {@code pg_hba.conf} is the password-only one written here. */
  static boolean inPlace(Path pgDir) throws IOException {
    Path hba = pgDir.resolve("pg_hba.conf");
    return Files.isRegularFile(hba)
        && Files.readString(hba, StandardCharsets.UTF_8).startsWith(HBA_MARK + "\n");
  }

  /**
   * Sets the superuser's password, then requires it of every connection. Runs while no postmaster
   * is up; safe to repeat after a crash between the two steps.
   */
  static void apply(Path pgDir, String user, String password, PgBinaries binaries)
      throws IOException {
    // The password travels on stdin, never on a command line that ps would show.
    PgBinaries.Ran ran =
        binaries.run(
            "postgres",
            List.of(
                "--single",
                "-D",
                pgDir.toString(),
                "-c",
                "password_encryption=scram-sha-256",
                "-c",
                "log_statement=none",
                "postgres"),
            "ALTER ROLE " + user + " WITH PASSWORD '" + password + "'\n",
            Duration.ofMinutes(5)); // may replay the WAL of a crashed run first
    if (ran.exitCode() != 0 || ran.output().contains("ERROR:") || ran.output().contains("FATAL:")) {
      throw new IOException(
          "could not set the embedded PostgreSQL's password (exit "
              + ran.exitCode()
              + "): "
              + ran.output().replace(password, "***"));
    }
    SecretFiles.write(pgDir.resolve("pg_hba.conf"), HBA);
    LOG.info("database: the embedded PostgreSQL now requires its password (scram-sha-256)");
  }
}
