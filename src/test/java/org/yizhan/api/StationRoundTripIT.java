package org.yizhan.api;

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

/**
 * What {@code GET /api/v1/stations/{id}} answers can be sent back whole in a {@code PUT}: its
 * read-only fields ({@code live}, {@code open_state}, {@code next_change}, {@code version}, ...)
 * are accepted and ignored, while a field the server does not know is still refused by name.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StationRoundTripIT {

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

  /** Verifies that the fetched body, unchanged, is accepted by PUT and changes nothing it names. */
  @Test
  void theFetchedBodySentBackUnchangedIsAccepted() throws Exception {
    http.createStation("rt-same", "往返驿站", 112.4, 37.8);
    HttpResponse<String> got = http.get("/api/v1/stations/rt-same");
    JsonObject p = new JsonObject(got.body()).getJsonObject("properties");
    assertThat(p.fieldNames()).contains("live", "open_state", "next_change", "version");
    HttpResponse<String> put = put("rt-same", got.body(), etag(got));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonObject after = new JsonObject(http.get("/api/v1/stations/rt-same").body());
    assertThat(after.getJsonObject("properties").getString("name_zh")).isEqualTo("往返驿站");
  }

  /** Verifies that a changed name in a fetched body is stored and answered back. */
  @Test
  void aChangedNameInTheFetchedBodyRoundTrips() throws Exception {
    http.createStation("rt-name", "旧名驿站", 112.41, 37.81);
    HttpResponse<String> got = http.get("/api/v1/stations/rt-name");
    JsonObject feature = new JsonObject(got.body());
    feature.getJsonObject("properties").put("name_zh", "新名驿站").put("name_en", "New Name Station");
    HttpResponse<String> put = put("rt-name", feature.encode(), etag(got));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonObject q =
        new JsonObject(http.get("/api/v1/stations/rt-name").body()).getJsonObject("properties");
    assertThat(q.getString("name_zh")).isEqualTo("新名驿站");
    assertThat(q.getString("name_en")).isEqualTo("New Name Station");
  }

  /** Verifies that an unknown field in a fetched body is refused as problem+json naming it. */
  @Test
  void anUnknownFieldIsRefusedByName() throws Exception {
    http.createStation("rt-unknown", "未知字段驿站", 112.42, 37.82);
    HttpResponse<String> got = http.get("/api/v1/stations/rt-unknown");
    JsonObject feature = new JsonObject(got.body());
    feature.getJsonObject("properties").put("capcity", 12);
    HttpResponse<String> put = put("rt-unknown", feature.encode(), etag(got));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(400);
    assertThat(put.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(
            new JsonObject(put.body()).getJsonArray("errors").getJsonObject(0).getString("field"))
        .isEqualTo("capcity");
  }

  private static String etag(HttpResponse<String> r) {
    return r.headers().firstValue("ETag").orElseThrow();
  }

  private static HttpResponse<String> put(String id, String body, String etag) throws Exception {
    return http.send(
        http.admin("/api/v1/stations/" + id)
            .header("Content-Type", "application/geo+json")
            .header("If-Match", etag)
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }
}
