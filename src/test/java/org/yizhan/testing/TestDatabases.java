package org.yizhan.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real PostgreSQL for integration tests: the one named by {@code YIZHAN_TEST_DB_URL} (with {@code
 * YIZHAN_TEST_DB_USER} / {@code YIZHAN_TEST_DB_PASSWORD}), else one embedded server started once
 * per test JVM. Each caller gets a fresh, empty database in it, so tests never see each other's
 * rows.
 */
public final class TestDatabases {

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private static EmbeddedPostgres embedded;

  private TestDatabases() {}

  /** JDBC URL, user and password of a new empty database. */
  public record Db(String url, String user, String password) {}

  public static synchronized Db fresh() {
    String base = System.getenv("YIZHAN_TEST_DB_URL");
    String user;
    String password;
    if (base == null || base.isBlank()) {
      base = embedded().getJdbcUrl("postgres", "postgres");
      user = "postgres";
      password = "";
    } else {
      user = envOr("YIZHAN_TEST_DB_USER", "postgres");
      password = envOr("YIZHAN_TEST_DB_PASSWORD", "");
    }
    String name = "yz_test_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
    try (Connection c = DriverManager.getConnection(base, user, password);
        Statement st = c.createStatement()) {
      st.execute("DROP DATABASE IF EXISTS " + name);
      st.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create test database on " + base, e);
    }
    return new Db(withDatabase(base, name), user, password);
  }

  private static EmbeddedPostgres embedded() {
    if (embedded == null) {
      try {
        embedded = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      embedded.close();
                    } catch (IOException ignored) {
                      // the JVM is exiting; the temporary directory goes with it
                    }
                  }));
    }
    return embedded;
  }

  /** Replaces the database name in a {@code jdbc:postgresql://host:port/db?params} URL. */
  static String withDatabase(String url, String db) {
    int q = url.indexOf('?');
    String head = q < 0 ? url : url.substring(0, q);
    String tail = q < 0 ? "" : url.substring(q);
    int slash = head.lastIndexOf('/');
    return head.substring(0, slash + 1) + db + tail;
  }

  private static String envOr(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
