package org.yizhan.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Liveness and readiness over real HTTP: which checks pass, which fail, and why. */
@Timeout(30)
class HealthRoutesTest {

  private static Vertx vertx;
  private static WorkerExecutor blocking;
  private HttpServer server;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    blocking = vertx.createSharedWorkerExecutor("health-test");
  }

  @AfterAll
  static void closeVertx() {
    vertx.close().await();
  }

  @AfterEach
  void closeServer() {
    if (server != null) {
      server.close().await();
    }
  }

  private record Answer(int status, String contentType, String cacheControl, JsonObject body) {}

  private Answer get(List<ReadinessCheck> checks, String path) {
    return get(checks, List.of(), path);
  }

  private Answer get(List<ReadinessCheck> checks, List<ReadinessCheck> warnings, String path) {
    Router router = Router.router(vertx);
    new HealthRoutes(blocking, checks, warnings).mount(router);
    server = vertx.createHttpServer().requestHandler(router).listen(0).await();
    HttpClient client = vertx.createHttpClient();
    return client
        .request(HttpMethod.GET, server.actualPort(), "127.0.0.1", path)
        .compose(req -> req.send())
        .compose(
            r ->
                r.body()
                    .map(
                        body ->
                            new Answer(
                                r.statusCode(),
                                r.getHeader("Content-Type"),
                                r.getHeader("Cache-Control"),
                                new JsonObject(body))))
        .await();
  }

  @Test
  void liveAnswersUpWithoutAskingTheChecks() {
    Answer a =
        get(
            List.of(
                ReadinessCheck.of(
                    "database",
                    () -> {
                      throw new AssertionError("liveness must not run checks");
                    })),
            "/health/live");

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.contentType()).isEqualTo("application/json");
    assertThat(a.cacheControl()).isEqualTo("no-store");
    assertThat(a.body().getString("status")).isEqualTo("UP");
    assertThat(a.body().getJsonObject("checks")).isEqualTo(new JsonObject());
  }

  @Test
  void readyWhenEveryCheckPasses() {
    Answer a =
        get(
            List.of(
                ReadinessCheck.of("database", Optional::empty),
                ReadinessCheck.of("writer", Optional::empty)),
            "/health/ready");

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().getString("status")).isEqualTo("UP");
    assertThat(a.body().getJsonObject("checks"))
        .isEqualTo(new JsonObject().put("database", "UP").put("writer", "UP"));
  }

  @Test
  void aWarningIsListedButLeavesTheServerReady() {
    List<ReadinessCheck> warnings =
        List.of(
            ReadinessCheck.of("maintenance", () -> Optional.of("late: retention")),
            ReadinessCheck.of("quiet", Optional::empty));
    Answer a =
        get(List.of(ReadinessCheck.of("database", Optional::empty)), warnings, "/health/ready");

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.body().getString("status")).isEqualTo("UP");
    assertThat(a.body().getJsonObject("warnings"))
        .isEqualTo(new JsonObject().put("maintenance", "late: retention"));
    server.close().await();
    Answer none = get(List.of(), List.of(), "/health/ready");
    assertThat(none.body().getJsonObject("warnings")).isEqualTo(new JsonObject());
  }

  @Test
  void notReadyNamesTheFailingCheckAndWhy() {
    Answer a =
        get(
            List.of(
                ReadinessCheck.of("database", Optional::empty),
                ReadinessCheck.of("writer", () -> Optional.of("no commit for 40 s"))),
            "/health/ready");

    assertThat(a.status()).isEqualTo(503);
    assertThat(a.cacheControl()).isEqualTo("no-store");
    assertThat(a.body().getString("status")).isEqualTo("DOWN");
    assertThat(a.body().getJsonObject("checks"))
        .isEqualTo(
            new JsonObject().put("database", "UP").put("writer", "DOWN: no commit for 40 s"));
  }

  @Test
  void aCheckThatThrowsCountsAsDown() {
    Answer a =
        get(
            List.of(
                ReadinessCheck.of(
                    "database",
                    () -> {
                      throw new IllegalStateException("pool closed");
                    }),
                ReadinessCheck.of("writer", Optional::empty)),
            "/health/ready");

    assertThat(a.status()).isEqualTo(503);
    assertThat(a.body().getJsonObject("checks"))
        .isEqualTo(
            new JsonObject()
                .put("database", "DOWN: check failed: pool closed")
                .put("writer", "UP"));
  }

  @Test
  void aCheckThatFailsHardIsReportedAsFailed() {
    Answer a =
        get(
            List.of(
                ReadinessCheck.of(
                    "database",
                    () -> {
                      throw new OutOfMemoryErrorLike("no memory");
                    })),
            "/health/ready");

    assertThat(a.status()).isEqualTo(503);
    assertThat(a.body().getString("status")).isEqualTo("DOWN");
    assertThat(a.body().getJsonObject("checks").getString("checks"))
        .startsWith("failed: ")
        .contains("no memory");
  }

  /** An error that is not a RuntimeException, as a check's worst case. */
  private static final class OutOfMemoryErrorLike extends Error {
    OutOfMemoryErrorLike(String message) {
      super(message);
    }
  }
}
