package org.yizhan.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.config.SecretFiles;

/**
 * The connection pool, on an external PostgreSQL or on an embedded one whose data directory
 * survives restarts. Either way the same Flyway migrations run before anything else touches it.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /** The embedded PostgreSQL's password, in the data directory (owner-only). */
  public static final String PASSWORD_FILE = "db-password";

  private final HikariDataSource pool;
  private final EmbeddedPostgres embedded;

  private Database(HikariDataSource pool, EmbeddedPostgres embedded) {
    this.pool = pool;
    this.embedded = embedded;
  }

  /** Connects to an external PostgreSQL and migrates it. */
  public static Database external(String url, String user, String password, int poolSize) {
    HikariDataSource ds = pool(url, user, password, poolSize);
    LOG.info("database: external PostgreSQL at {}", redact(url));
    return migrated(ds, null);
  }

  /**
   * Starts (or restarts on existing data) an embedded PostgreSQL under {@code dataDir/pg}, with its
   * programs in {@code dataDir/pg-bin} and its password in {@code dataDir/db-password}. A
   * postmaster left running by a killed server is stopped first.
   */
  public static Database embedded(Path dataDir, int poolSize) throws IOException {
    SecretFiles.privateDirectory(dataDir);
    Path pgDir = dataDir.resolve("pg").toAbsolutePath();
    boolean existing = Files.isRegularFile(pgDir.resolve("PG_VERSION"));
    Path passwordFile = dataDir.resolve(PASSWORD_FILE);
    Optional<String> stored = SecretFiles.read(passwordFile, 20);
    String password = stored.orElseGet(() -> SecretFiles.randomToken(24));
    if (stored.isEmpty()) {
      SecretFiles.write(passwordFile, password + "\n"); // on disk before PostgreSQL knows it
    }
    PgBinaries binaries = new PgBinaries(dataDir.resolve("pg-bin").toAbsolutePath());
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setPgBinaryResolver(binaries)
            .setOverrideWorkingDirectory(binaries.workDir().toFile())
            .setDataDirectory(pgDir)
            .setCleanDataDirectory(false)
            // Runs after initdb, before the postmaster starts: nothing listens yet.
            .setDataDirectoryCustomizer(
                dir -> prepare(dir.toPath(), password, stored.isEmpty(), binaries))
            .setConnectConfig("password", password)
            // Also stops PostgreSQL if the JVM exits before our own shutdown runs (SIGTERM while
            // starting); a second close is harmless.
            .setRegisterShutdownHook(true)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("max_connections", "50")
            // zonky's defaults trade durability for test speed; a PUBACK needs the commit on disk.
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("password_encryption", "scram-sha-256")
            // Readings arrive all day long: spread checkpoints out, so that fewer full-page
            // images of the readings' indexes are written to the WAL after each one.
            .setServerConfig("max_wal_size", "4GB")
            .setServerConfig("checkpoint_timeout", "15min")
            .setServerConfig("checkpoint_completion_target", "0.9")
            .start();
    String url = pg.getJdbcUrl("postgres", "postgres");
    LOG.info(
        "database: embedded PostgreSQL on port {} with {} data in {}",
        pg.getPort(),
        existing ? "existing" : "new",
        pgDir);
    try {
      return migrated(pool(url, "postgres", password, poolSize), pg);
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  /** Stops an orphaned postmaster, then makes sure that connections need the password. */
  private static void prepare(
      Path pgDir, String password, boolean newPassword, PgBinaries binaries) {
    try {
      OrphanPostmaster.stopIfRunning(pgDir, binaries);
      if (newPassword || !PasswordAuth.inPlace(pgDir)) {
        PasswordAuth.apply(pgDir, "postgres", password, binaries);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static HikariDataSource pool(String url, String user, String password, int size) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(url);
    hc.setUsername(user);
    hc.setPassword(password);
    hc.setMaximumPoolSize(size);
    hc.setPoolName("yizhan-db");
    hc.setConnectionTimeout(5_000);
    hc.setInitializationFailTimeout(30_000);
    hc.setConnectionInitSql(Durability.SESSION_INIT);
    hc.addDataSourceProperty("reWriteBatchedInserts", "true");
    hc.addDataSourceProperty("ApplicationName", "yizhan");
    return new HikariDataSource(hc);
  }

  private static Database migrated(HikariDataSource ds, EmbeddedPostgres pg) {
    try {
      Durability.check(ds);
      var result =
          Flyway.configure()
              .dataSource(ds)
              .locations("classpath:db/migration")
              .javaMigrations(new V14__Partition_readings())
              .load()
              .migrate();
      LOG.info(
          "database: schema at version {} ({} migrations applied)",
          result.targetSchemaVersion,
          result.migrationsExecuted);
      return new Database(ds, pg);
    } catch (SQLException e) {
      ds.close();
      throw new IllegalStateException("database: cannot read its settings", e);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  /**
   * Binds the pool's meters ({@code hikaricp_connections_active}, {@code _pending}, {@code
   * _acquire_seconds} ... with {@code pool="yizhan-db"}).
   */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    pool.setMetricRegistry(registry);
  }

  public DataSource dataSource() {
    return pool;
  }

  /** A quick round trip, for readiness checks. */
  public boolean isReachable() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    pool.close();
    if (embedded != null) {
      embedded.close();
      LOG.info("database: embedded PostgreSQL stopped");
    }
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***");
  }
}
