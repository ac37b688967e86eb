package org.yizhan.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.device.DeviceHealth.State;
import org.yizhan.device.FleetWatch;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * An alert's detail is stored in both languages and the admin API answers in the reader's: a real
 * alert book raises a device-offline alert in the server's database, and {@code GET /api/v1/alerts}
 * gives its detail by {@code Accept-Language}.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class AlertLanguageIT {

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    AlertBook book = new AlertBook(server.database().dataSource(), Duration.ofMinutes(5));
    Instant at = Instant.now().minusSeconds(60);
    book.onSweep(
        List.of(new FleetWatch.Change("dev-lang", "st-lang", State.ONLINE, State.OFFLINE, at)), at);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Verifies that a reader asking for Chinese first gets the detail in Chinese. */
  @Test
  void aChineseReaderGetsTheDetailInChinese() throws Exception {
    assertThat(detail("zh-CN,zh;q=0.9,en;q=0.5")).isEqualTo("设备 dev-lang 已离线（之前为 online）");
  }

  /** Verifies that a reader asking for English first, or for neither, gets it in English. */
  @Test
  void anEnglishReaderOrOneWithoutPreferenceGetsTheDetailInEnglish() throws Exception {
    assertThat(detail("en-GB,en;q=0.9,zh;q=0.5"))
        .isEqualTo("device dev-lang went offline (was online)");
    assertThat(detail(null)).isEqualTo("device dev-lang went offline (was online)");
  }

  private static String detail(String acceptLanguage) throws Exception {
    var request = http.admin("/api/v1/alerts?status=open").GET();
    if (acceptLanguage != null) {
      request.header("Accept-Language", acceptLanguage);
    }
    HttpResponse<String> r = http.send(request);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body())
        .getJsonArray("alerts").stream()
            .map(JsonObject.class::cast)
            .filter(a -> "dev-lang".equals(a.getString("device_id")))
            .findFirst()
            .orElseThrow()
            .getString("detail");
  }
}
