package org.yizhan.condition;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
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

/** Threshold changes over real HTTP are in the audit log with who made them, before and after. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ThresholdsAuditIT {

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Verifies that a change of the global thresholds is audited with before and after. */
  @Test
  void aGlobalThresholdChangeIsAuditedWithBeforeAndAfter() throws Exception {
    HttpResponse<String> put = put("/api/v1/thresholds", "{\"too_hot_c\":32.5}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

    JsonObject entry = latest("thresholds", "thresholds.update");
    assertThat(entry.getString("actor")).isEqualTo("admin-token");
    assertThat(entry.getString("target_id")).isEqualTo("global");
    assertThat(entry.getJsonObject("before").getDouble("too_hot_c")).isEqualTo(30.0);
    assertThat(entry.getJsonObject("after").getDouble("too_hot_c")).isEqualTo(32.5);
  }

  /** Verifies that a station's override and its removal are audited with before and after. */
  @Test
  void aStationThresholdChangeAndItsRemovalAreAudited() throws Exception {
    http.createStation("ta-1", "阈值驿站", 112.55, 37.87);
    HttpResponse<String> put = put("/api/v1/stations/ta-1/thresholds", "{\"too_hot_c\":28}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonObject set = latest("station_thresholds", "thresholds.station.update");
    assertThat(set.getString("target_id")).isEqualTo("ta-1");
    assertThat(set.getJsonObject("after").getDouble("too_hot_c")).isEqualTo(28.0);

    HttpResponse<String> del = http.send(http.admin("/api/v1/stations/ta-1/thresholds").DELETE());
    assertThat(del.statusCode()).as(del.body()).isBetween(200, 204);
    JsonObject removed = latest("station_thresholds", "thresholds.station.delete");
    assertThat(removed.getJsonObject("before").getDouble("too_hot_c")).isEqualTo(28.0);
  }

  private static HttpResponse<String> put(String path, String json) throws Exception {
    return http.send(
        http.admin(path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  private static JsonObject latest(String targetType, String action) throws Exception {
    HttpResponse<String> r = http.send(http.admin("/api/v1/audit?target_type=" + targetType).GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body())
        .getJsonArray("entries").stream()
            .map(JsonObject.class::cast)
            .filter(e -> e.getString("action").equals(action))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no " + action + " in " + r.body()));
  }
}
