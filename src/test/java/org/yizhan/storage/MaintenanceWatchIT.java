package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.AlertConfig;
import org.yizhan.config.StorageConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Verifies on plain PostgreSQL that failing maintenance is watched end to end: the rollup fold
 * (every second here) fails once a rollup table is renamed away; two intervals later the task is
 * late, an admin alert {@code maintenance_late:rollups} opens (and a webhook hears it), readiness
 * lists it as a warning while staying 200, and the storage API shows it late with its error. The
 * table put back, the fold succeeds, and the alert resolves after the calm period.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class MaintenanceWatchIT {

  @Test
  void aFailingTaskRaisesAnAlertAndAReadinessWarningUntilItSucceedsAgain() throws Exception {
    BlockingQueue<JsonObject> hooks = new LinkedBlockingQueue<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext(
        "/hook",
        ex -> {
          hooks.add(new JsonObject(new String(ex.getRequestBody().readAllBytes(), UTF8)));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    receiver.start();
    TestDatabases.Db db = TestDatabases.fresh();
    StorageConfig storage =
        new StorageConfig(
            StorageConfig.DEFAULTS.rawRetention(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(1));
    try (Server server =
            Server.start(
                TestServers.defaults()
                    .withDatabase(db.url(), db.user(), db.password())
                    .withHttpPort(TestServers.freePort())
                    .withStorage(storage)
                    .withAlerts(
                        AlertConfig.DEFAULTS
                            .withCalmSeconds(2)
                            .withWebhooks(
                                "[{\"name\":\"ops\",\"format\":\"generic\",\"url\":\"http://127.0.0.1:"
                                    + receiver.getAddress().getPort()
                                    + "/hook\"}]")));
        Connection sql = DriverManager.getConnection(db.url(), db.user(), db.password());
        Statement st = sql.createStatement()) {
      Http http = new Http(server.port());
      JsonObject before = storageApi(http);
      assumeTrue(
          before.getString("store").equals("postgresql"),
          "this test watches plain PostgreSQL's tasks; the test database has TimescaleDB");
      assertThat(before.getJsonArray("tasks").stream().map(t -> ((JsonObject) t).getString("name")))
          .containsExactly("partitions", "retention", "rollups");
      assertThat(task(before, "rollups").getBoolean("late")).isFalse();
      JsonObject disk = before.getJsonObject("disk");
      assertThat(disk.getJsonArray("days").size()).as("days -8 .. +3").isGreaterThanOrEqualTo(12);
      assertThat(disk.getJsonArray("days").getJsonObject(0).getString("day")).isNotNull();
      assertThat(disk.getLong("database_bytes")).isGreaterThan(disk.getLong("raw_bytes"));
      assertThat(disk.getLong("rollup_bytes")).isPositive();
      assertThat(readiness(http).getJsonObject("warnings")).isEqualTo(new JsonObject());

      st.execute("ALTER TABLE rollup_1d RENAME TO rollup_1d_away");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> task(storageApi(http), "rollups").getBoolean("late"));
      JsonObject late = task(storageApi(http), "rollups");
      assertThat(late.getString("last_error")).contains("rollup_1d");
      assertThat(late.getString("late_since")).isNotNull();
      assertThat(late.getBoolean("failing")).isTrue();

      HttpResponse<String> ready = http.get("/health/ready");
      assertThat(ready.statusCode())
          .as("late maintenance does not make the server unready")
          .isEqualTo(200);
      assertThat(new JsonObject(ready.body()).getJsonObject("warnings").getString("maintenance"))
          .startsWith("late: rollups (last success ")
          .contains("rollup_1d");

      JsonObject alert = awaitAlert(http, "open");
      assertThat(alert.getString("station_id")).isNull();
      assertThat(alert.getString("device_id")).isNull();
      assertThat(alert.getString("severity")).isEqualTo("warning");
      assertThat(alert.getString("detail"))
          .startsWith("storage maintenance rollups late: last success ")
          .contains("every 1 s")
          .contains("last error: ")
          .contains("rollup_1d");
      JsonObject opened = hooks.poll(30, TimeUnit.SECONDS);
      assertThat(opened).as("the webhook hears the opening").isNotNull();
      assertThat(opened.getString("event")).isEqualTo("opened");
      assertThat(opened.getJsonObject("alert").getString("kind"))
          .isEqualTo("maintenance_late:rollups");
      assertThat(opened.getJsonObject("alert").getString("station_id")).isNull();

      st.execute("ALTER TABLE rollup_1d_away RENAME TO rollup_1d");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !task(storageApi(http), "rollups").getBoolean("late"));
      assertThat(readiness(http).getJsonObject("warnings")).isEqualTo(new JsonObject());
      JsonObject resolved = awaitAlert(http, "resolved");
      assertThat(resolved.getLong("id")).isEqualTo(alert.getLong("id"));
      JsonObject hookResolved = hooks.poll(30, TimeUnit.SECONDS);
      assertThat(hookResolved).isNotNull();
      assertThat(hookResolved.getString("event")).isEqualTo("resolved");
    } finally {
      receiver.stop(0);
    }
  }

  @Test
  void theStorageApiIsForSuperAdminsOnly() throws Exception {
    try (Server server = TestServers.start(Optional.empty())) {
      Http http = new Http(server.port());
      HttpResponse<String> anonymous = http.get("/api/v1/admin/storage");
      assertThat(anonymous.statusCode()).isEqualTo(401);
      assertThat(anonymous.headers().firstValue("Content-Type"))
          .hasValue("application/problem+json");
      HttpResponse<String> unknown = http.send(http.admin("/api/v1/admin/storage?day=1").GET());
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(new JsonObject(unknown.body()).toString()).contains("day");
    }
  }

  private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

  private static JsonObject storageApi(Http http) throws Exception {
    HttpResponse<String> r = http.send(http.admin("/api/v1/admin/storage").GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static JsonObject readiness(Http http) throws Exception {
    return new JsonObject(http.get("/health/ready").body());
  }

  private static JsonObject task(JsonObject storage, String name) {
    JsonArray tasks = storage.getJsonArray("tasks");
    for (int i = 0; i < tasks.size(); i++) {
      if (tasks.getJsonObject(i).getString("name").equals(name)) {
        return tasks.getJsonObject(i);
      }
    }
    throw new AssertionError("no task " + name + " in " + storage.encode());
  }

  /** The maintenance_late:rollups alert in the list of {@code status}, once it is there. */
  private static JsonObject awaitAlert(Http http, String status) {
    JsonObject[] found = new JsonObject[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              JsonArray alerts =
                  new JsonObject(
                          http.send(http.admin("/api/v1/alerts?status=" + status).GET()).body())
                      .getJsonArray("alerts");
              for (int i = 0; i < alerts.size(); i++) {
                if (alerts.getJsonObject(i).getString("kind").equals("maintenance_late:rollups")) {
                  found[0] = alerts.getJsonObject(i);
                  return true;
                }
              }
              return false;
            });
    return found[0];
  }
}
