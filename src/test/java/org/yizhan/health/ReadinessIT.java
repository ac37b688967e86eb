package org.yizhan.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.ingest.Committed;
import org.yizhan.telemetry.Reading;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * {@code GET /health/ready} (README "health"): 200 while the database answers and the reading
 * writer keeps up; 503 naming the writer ({@code DOWN: no commit for N s while M readings wait})
 * once readings have waited 30 s without a commit, or the database when it gives no round trip; and
 * 200 again once the part is back. The writer is held up by a real lock on the readings table, the
 * database made unreachable by refusing connections to it and ending the server's sessions.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ReadinessIT {

  @Test
  void aWriterWithoutACommitFor30SecondsWhileReadingsWaitIsNamedAndTheAnswerIs503()
      throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Server server = start(db)) {
      Http http = new Http(server.port());
      http.createStation("ready-st", "就绪", 112.55, 37.87);
      String device = http.provisionDevice("ready-st", 60).getString("id");
      assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);

      CompletableFuture<Void> committed = new CompletableFuture<>();
      try (Connection lock = DriverManager.getConnection(db.url(), db.user(), db.password())) {
        lock.setAutoCommit(false);
        try (Statement st = lock.createStatement()) {
          st.execute("LOCK TABLE reading IN ACCESS EXCLUSIVE MODE");
        }
        Instant ts = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Reading r =
            new Reading("ready-st", device, 1, ts, 3, null, null, null, null, null, null, null, ts);
        long submitted = System.nanoTime();
        assertThat(
                server.writer().submit(List.of(r), Committed.then(() -> committed.complete(null))))
            .isTrue();
        // Waiting is not yet stalling: the writer may take up to 30 s for a commit.
        HttpResponse<String> early = http.get("/health/ready");
        if (System.nanoTime() - submitted < TimeUnit.SECONDS.toNanos(25)) {
          assertThat(early.statusCode()).as(early.body()).isEqualTo(200);
        }

        HttpResponse<String> down = waitFor(http, 503, 60);
        JsonObject body = new JsonObject(down.body());
        assertThat(body.getString("status")).isEqualTo("DOWN");
        String writer = body.getJsonObject("checks").getString("writer");
        assertThat(writer).matches("DOWN: no commit for \\d+ s while 1 readings wait");
        long seconds = Long.parseLong(writer.replaceAll("\\D+", " ").trim().split(" ")[0]);
        assertThat(seconds).isBetween(30L, 90L);
        assertThat(body.getJsonObject("checks").getString("database")).isEqualTo("UP");
        assertThat(down.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(committed).isNotDone();
        lock.rollback();
      }
      committed.get(30, TimeUnit.SECONDS);
      JsonObject up = new JsonObject(waitFor(http, 200, 30).body());
      assertThat(up.getJsonObject("checks").getString("writer")).isEqualTo("UP");
    }
  }

  @Test
  void aDatabaseWithoutARoundTripIsNamedAndTheAnswerIs503() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    String name = db.url().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
    // Connections to a database can be disallowed only from another one.
    String other = db.url().replaceFirst("/" + name + "(\\?|$)", "/postgres$1");
    try (Server server = start(db);
        Connection admin = DriverManager.getConnection(other, db.user(), db.password());
        Statement st = admin.createStatement()) {
      Http http = new Http(server.port());
      assertThat(http.get("/health/ready").statusCode()).isEqualTo(200);

      // No new connection to the server's database, and its sessions ended.
      st.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS false");
      st.execute(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
              + " WHERE datname = '"
              + name
              + "'");
      try {
        JsonObject body = new JsonObject(waitFor(http, 503, 60).body());
        assertThat(body.getString("status")).isEqualTo("DOWN");
        assertThat(body.getJsonObject("checks").getString("database"))
            .isEqualTo("DOWN: no round trip (5 s to get a connection, then 2 s for the answer)");
      } finally {
        st.execute("ALTER DATABASE " + name + " WITH ALLOW_CONNECTIONS true");
      }
      JsonObject up = new JsonObject(waitFor(http, 200, 60).body());
      assertThat(up.getJsonObject("checks").getString("database")).isEqualTo("UP");
    }
  }

  private static Server start(TestDatabases.Db db) throws Exception {
    return Server.start(
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort()));
  }

  /** Polls {@code /health/ready} until it answers {@code status}; fails after {@code seconds}. */
  private static HttpResponse<String> waitFor(Http http, int status, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    AtomicReference<HttpResponse<String>> last = new AtomicReference<>();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = http.get("/health/ready");
      last.set(r);
      if (r.statusCode() == status) {
        return r;
      }
      Thread.sleep(200);
    }
    throw new AssertionError(
        "/health/ready did not answer "
            + status
            + " within "
            + seconds
            + " s; last: "
            + Optional.ofNullable(last.get()).map(HttpResponse::body).orElse("none"));
  }
}
