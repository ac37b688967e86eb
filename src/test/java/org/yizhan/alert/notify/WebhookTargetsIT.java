package org.yizhan.alert.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.alert.notify.WebhookReceiver.Answer;
import org.yizhan.config.AlertConfig;
import org.yizhan.config.YizhanConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * Webhook targets with real parts: a malformed list stops a real server's start, the admin list of
 * targets shows hosts and counters but never a robot's path or key, and a receiver that never
 * answers does not hold back another target's deliveries.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class WebhookTargetsIT {

  /** Verifies that the server does not start with a malformed target list, naming the field. */
  @Test
  void aMalformedTargetListStopsTheStartNamingTheField() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    YizhanConfig config =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort())
            .withAlerts(
                AlertConfig.DEFAULTS.withWebhooks(
                    "[{\"name\":\"ok\",\"format\":\"generic\",\"url\":\"http://127.0.0.1:9/in\"},"
                        + "{\"name\":\"bad\",\"format\":\"telegram\",\"url\":\"http://127.0.0.1:9/in\"}]"));
    assertThatThrownBy(() -> Server.start(config).close())
        .hasStackTraceContaining("webhooks[1].format");
  }

  /** Verifies that {@code GET /api/v1/webhooks} shows host and counters, never path or query. */
  @Test
  void theTargetListShowsHostAndCountersButNeverPathOrQuery() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    YizhanConfig config =
        TestServers.defaults()
            .withDatabase(db.url(), db.user(), db.password())
            .withHttpPort(TestServers.freePort())
            .withAlerts(
                AlertConfig.DEFAULTS.withWebhooks(
                    "[{\"name\":\"robot\",\"format\":\"wecom\",\"url\":"
                        + "\"https://qyapi.example.cn/cgi-bin/webhook/send?key=ROBOT-KEY-123\"}]"));
    try (Server server = Server.start(config)) {
      Http http = new Http(server.port());
      HttpResponse<String> r = http.send(http.admin("/api/v1/webhooks").GET());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      assertThat(r.body())
          .contains("qyapi.example.cn")
          .doesNotContain("ROBOT-KEY-123")
          .doesNotContain("cgi-bin")
          .doesNotContain("key=");
      JsonObject robot = new JsonObject(r.body()).getJsonObject("targets").getJsonObject("robot");
      assertThat(robot).as(r.body()).isNotNull();
      assertThat(robot.getMap()).containsKeys("delivered", "failed", "retried", "dropped");
    }
  }

  /** Verifies that a receiver that never answers does not delay another target. */
  @Test
  void aDeadReceiverDoesNotDelayAnotherTarget() throws Exception {
    Vertx vertx = Vertx.vertx();
    LinkedBlockingQueue<DeliveryRecord> records = new LinkedBlockingQueue<>();
    try (WebhookReceiver dead = WebhookReceiver.start(vertx, Answer.held(), Answer.held());
        WebhookReceiver alive = WebhookReceiver.start(vertx)) {
      WebhookNotifier notifier =
          new WebhookNotifier(
              vertx,
              List.of(
                  new WebhookTarget("dead", WebhookFormat.GENERIC, dead.url("/in"), null),
                  new WebhookTarget("alive", WebhookFormat.GENERIC, alive.url("/in"), null)),
              new RetryPolicy(
                  Duration.ofMillis(20),
                  2.0,
                  Duration.ofMillis(200),
                  8,
                  Duration.ofSeconds(60),
                  false),
              records::add);
      try {
        notifier.notify(notice(1));
        notifier.notify(notice(2));
        notifier.notify(notice(3));
        assertThat(dead.next().alertId()).isEqualTo(1);
        assertThat(alive.next().alertId()).isEqualTo(1);
        assertThat(alive.next().alertId()).isEqualTo(2);
        assertThat(alive.next().alertId()).isEqualTo(3);
        assertThat(dead.hits.poll(200, TimeUnit.MILLISECONDS))
            .as("the dead target still waits on its first message")
            .isNull();
        assertThat(
                notifier
                    .stats()
                    .getJsonObject("targets")
                    .getJsonObject("alive")
                    .getLong("delivered"))
            .isEqualTo(3L);
        dead.release();
      } finally {
        notifier.close();
      }
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  private static AlertNotice notice(long id) {
    return new AlertNotice(
        AlertEvent.OPENED,
        id,
        "device_offline",
        AlertSeverity.WARNING,
        "st-1",
        "太原迎泽区环卫驿站",
        "dev-" + id,
        "device went offline",
        Instant.parse("2026-07-01T04:00:00Z"),
        null,
        null);
  }
}
