package org.yizhan.feedback;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/** Workers report problems anonymously; admins see them in the inbox and handle them. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FeedbackIT {

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    http.createStation("fb-st", "反馈测试", 112.55, 37.87);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static HttpResponse<String> report(String station, String body) throws Exception {
    return http.send(
        http.request("/api/v1/stations/" + station + "/feedback")
            .header("Content-Type", "application/json")
            .POST(BodyPublishers.ofString(body)));
  }

  @Test
  void reportsAreCheckedStoredListedHandledAndRateLimited() throws Exception {
    // Bad input names the field and stores nothing.
    String[][] bad = {
      {"{}", "kind"},
      {"{\"kind\":\"too_loud\"}", "kind"},
      {"{\"kind\":\"dirty\",\"text\":42}", "text"},
      {"{\"kind\":\"dirty\",\"text\":\"" + "很".repeat(501) + "\"}", "text"},
      {"{\"kind\":\"dirty\",\"photo\":\"x\"}", "photo"},
      {"[1]", "body"},
    };
    for (String[] b : bad) {
      HttpResponse<String> r = report("fb-st", b[0]);
      assertThat(r.statusCode()).as(b[0]).isEqualTo(400);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
      assertThat(r.body()).contains("\"" + b[1] + "\"");
    }
    assertThat(report("no-such-station", "{\"kind\":\"dirty\"}").statusCode()).isEqualTo(404);

    // Anonymous reports are stored (no token needed).
    HttpResponse<String> ok = report("fb-st", "{\"kind\":\"ac_broken\",\"text\":\" 空调不制冷 \"}");
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(201);
    JsonObject created = new JsonObject(ok.body());
    assertThat(created.getString("status")).isEqualTo("new");
    assertThat(created.getString("text")).isEqualTo("空调不制冷");
    for (int i = 0; i < 4; i++) {
      assertThat(report("fb-st", "{\"kind\":\"no_water\"}").statusCode()).isEqualTo(201);
    }
    // The sixth report from the same client within 10 minutes is refused with a wait.
    HttpResponse<String> limited = report("fb-st", "{\"kind\":\"full\"}");
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(limited.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow()))
        .isBetween(1L, 600L);

    // The admin inbox, newest first; then a status change.
    assertThat(http.get("/api/v1/feedback").statusCode())
        .as("needs the admin token")
        .isEqualTo(401);
    JsonObject inbox =
        new JsonObject(
            http.send(http.admin("/api/v1/feedback?status=new&station_id=fb-st")).body());
    assertThat(inbox.getLong("numberMatched")).isEqualTo(5);
    assertThat(inbox.getJsonArray("feedback").getJsonObject(4).getString("kind"))
        .isEqualTo("ac_broken");
    long id = created.getLong("id");
    HttpResponse<String> ack =
        http.send(
            http.admin("/api/v1/feedback/" + id + "/status")
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"status\":\"acknowledged\"}")));
    assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
    assertThat(new JsonObject(ack.body()).getString("status")).isEqualTo("acknowledged");
    assertThat(new JsonObject(ack.body()).getString("status_changed_at")).isNotNull();
    JsonObject acknowledged =
        new JsonObject(http.send(http.admin("/api/v1/feedback?status=acknowledged")).body());
    assertThat(acknowledged.getLong("numberMatched")).isEqualTo(1);

    HttpResponse<String> badStatus =
        http.send(
            http.admin("/api/v1/feedback/" + id + "/status")
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"status\":\"lost\"}")));
    assertThat(badStatus.statusCode()).isEqualTo(400);
    assertThat(
            http.send(
                    http.admin("/api/v1/feedback/999999/status")
                        .header("Content-Type", "application/json")
                        .PUT(BodyPublishers.ofString("{\"status\":\"resolved\"}")))
                .statusCode())
        .isEqualTo(404);
  }
}
