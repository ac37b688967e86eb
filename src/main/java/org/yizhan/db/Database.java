package org.yizhan.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection pool, on an external PostgreSQL or on an embedded one whose data directory
 * survives restarts. Either way the same Flyway migrations run before anything else touches it.
 */
public final class Database implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

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

  /** Starts (or restarts on existing data) an embedded PostgreSQL under {@code dataDir/pg}. */
  public static Database embedded(Path dataDir, int poolSize) throws IOException {
    Path pgDir = dataDir.resolve("pg").toAbsolutePath();
    Files.createDirectories(pgDir.getParent());
    boolean existing = Files.isRegularFile(pgDir.resolve("PG_VERSION"));
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder()
            .setDataDirectory(pgDir)
            .setCleanDataDirectory(false)
            // Also stops PostgreSQL if the JVM exits before our own shutdown runs (SIGTERM while
            // starting); a second close is harmless.
            .setRegisterShutdownHook(true)
            .setPGStartupWait(Duration.ofSeconds(60))
            .setServerConfig("max_connections", "50")
            .setServerConfig("fsync", "on")
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
      return migrated(pool(url, "postgres", "", poolSize), pg);
    } catch (RuntimeException e) {
      pg.close();
      throw e;
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
    hc.addDataSourceProperty("reWriteBatchedInserts", "true");
    hc.addDataSourceProperty("ApplicationName", "yizhan");
    return new HikariDataSource(hc);
  }

  private static Database migrated(HikariDataSource ds, EmbeddedPostgres pg) {
    try {
      var result =
          Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
      LOG.info(
          "database: schema at version {} ({} migrations applied)",
          result.targetSchemaVersion,
          result.migrationsExecuted);
      return new Database(ds, pg);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
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
