package org.yizhan.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.apache.commons.io.FileUtils;

/**
 * An embedded PostgreSQL of a test's own, which the test can stop and start again on the same port
 * and data directory, as an operator restarting the database would: what was committed is still
 * there, every connection was cut meanwhile. (The shared server of {@link TestDatabases} cannot be
 * stopped: other tests use it.)
 */
public final class StoppablePostgres implements AutoCloseable {

  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres running;

  private StoppablePostgres(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  /** A new server with one empty database {@code yizhan}. */
  public static StoppablePostgres start() throws Exception {
    StoppablePostgres pg =
        new StoppablePostgres(Files.createTempDirectory("stoppable-pg"), TestServers.freePort());
    pg.running = pg.builder().start();
    try (Connection c = DriverManager.getConnection(pg.url("postgres"), "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("CREATE DATABASE yizhan");
    }
    return pg;
  }

  /** Never cleans: zonky would delete the data directory at each stop. */
  private EmbeddedPostgres.Builder builder() {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setRegisterShutdownHook(true);
  }

  private String url(String database) {
    return "jdbc:postgresql://localhost:" + port + "/" + database;
  }

  /** The database the servers share. */
  public TestDatabases.Db db() {
    return new TestDatabases.Db(url("yizhan"), "postgres", "");
  }

  /** A fast shutdown: open transactions roll back and every client is disconnected. */
  public void stop() throws IOException {
    running.close();
    running = null;
  }

  /** Starts the stopped server again on its port and data directory. */
  public void startAgain() throws IOException {
    running = builder().start();
  }

  /** Whether the server answers now. */
  public boolean answers() {
    try (Connection c = DriverManager.getConnection(url("yizhan"), "postgres", "")) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  @Override
  public void close() throws IOException {
    if (running != null) {
      running.close();
    }
    FileUtils.deleteDirectory(dataDir.toFile());
  }
}
