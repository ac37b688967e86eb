package org.yizhan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.config.YizhanConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Verifies the README promise: with nothing configured the server runs on an embedded PostgreSQL
 * whose data survives a restart, and shutting down releases the port and the database.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class EmbeddedDefaultsIT {

  @Test
  void embeddedDatabaseKeepsStationsAcrossARestart() throws Exception {
    YizhanConfig config =
        TestServers.defaults()
            .withHttpPort(TestServers.freePort())
            .withDemoNetwork(Optional.of("shanxi"));
    assertThat(config.dbUrl()).isEmpty();

    String createdId;
    try (Server first = Server.start(config)) {
      assertThat(first.registry().snapshot().size()).isEqualTo(4_640);
      assertPasswordRequiredAndCommitsDurable(config.dataDir());
      Http http = new Http(first.port());
      assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);
      HttpResponse<String> created =
          http.send(
              http.admin("/api/v1/stations")
                  .header("Content-Type", "application/geo+json")
                  .POST(
                      BodyPublishers.ofString(
                          "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\","
                              + "\"coordinates\":[112.5,37.8]},\"properties\":{\"name_zh\":\"重启测试\","
                              + "\"kind\":\"drivers_home\",\"capacity\":12,\"opening_hours\":\"24/7\"}}")));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
      createdId = new JsonObject(created.body()).getString("id");
    }
    assertThat(Files.isRegularFile(config.dataDir().resolve("pg/PG_VERSION"))).isTrue();
    assertThat(mode(config.dataDir())).isEqualTo("rwx------");
    for (String secret : List.of("db-password", "admin-password")) {
      assertThat(mode(config.dataDir().resolve(secret))).as(secret).isEqualTo("rw-------");
    }
    Path tokenFile = config.dataDir().resolve("admin-token");
    if (config.adminToken().isPresent()) {
      assertThat(tokenFile).as("no token file beside a configured token").doesNotExist();
    } else {
      assertThat(mode(tokenFile)).as("admin-token").isEqualTo("rw-------");
    }
    try (ServerSocket ignored = new ServerSocket(config.httpPort())) {
      // The HTTP port was released by the shutdown.
    }

    try (Server second = Server.start(config)) {
      assertThat(second.registry().snapshot().size()).isEqualTo(4_641);
      HttpResponse<String> got = new Http(second.port()).get("/api/v1/stations/" + createdId);
      assertThat(got.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(got.body()).getJsonObject("properties").getString("name_zh"))
          .isEqualTo("重启测试");
    }
    FileUtils.deleteDirectory(config.dataDir().toFile()); // the database and its programs
  }

  /**
   * Verifies that a data directory left by an older version (PostgreSQL on trust, data/ readable by
   * all) is moved to password authentication on its next start, its data intact.
   */
  @Test
  void anOlderTrustDataDirectoryIsMovedToPasswordAuthentication() throws Exception {
    YizhanConfig config = TestServers.defaults().withHttpPort(TestServers.freePort());
    Path dir = config.dataDir();
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (EmbeddedPostgres old =
            EmbeddedPostgres.builder()
                .setDataDirectory(dir.resolve("pg"))
                .setCleanDataDirectory(false)
                .start();
        Connection c = DriverManager.getConnection(old.getJdbcUrl("postgres", "postgres"));
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE SCHEMA legacy; CREATE TABLE legacy.t (x int); INSERT INTO legacy.t VALUES (42)");
    }

    try (Server server = Server.start(config)) {
      assertPasswordRequiredAndCommitsDurable(dir);
      try (Connection c = connect(dir, password(dir));
          Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT x FROM legacy.t")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
    assertThat(mode(dir)).isEqualTo("rwx------");
    assertThat(mode(dir.resolve("db-password"))).isEqualTo("rw-------");
    FileUtils.deleteDirectory(dir.toFile());
  }

  /** No password, a wrong one: refused. The right one: sessions that commit durably. */
  private static void assertPasswordRequiredAndCommitsDurable(Path dataDir) throws Exception {
    assertThatThrownBy(() -> connect(dataDir, "").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password");
    assertThatThrownBy(() -> connect(dataDir, "not-the-password").close())
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("password authentication failed");
    try (Connection c = connect(dataDir, password(dataDir));
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT current_setting('synchronous_commit'), current_setting('fsync'),"
                    + " current_setting('full_page_writes')")) {
      assertThat(rs.next()).isTrue();
      assertThat(List.of(rs.getString(1), rs.getString(2), rs.getString(3)))
          .containsExactly("on", "on", "on");
    }
  }

  private static Connection connect(Path dataDir, String password) throws Exception {
    String port = Files.readAllLines(dataDir.resolve("pg/postmaster.pid")).get(3).strip();
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port + "/postgres", "postgres", password);
  }

  private static String password(Path dataDir) throws Exception {
    return Files.readString(dataDir.resolve("db-password")).strip();
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
  }
}
