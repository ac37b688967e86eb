package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/** CORS for named origins, conditional GETs and the query extras, over real HTTP. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class HttpConventionsIT {

  private static final String ALLOWED = "https://map.example.org";

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server =
        TestServers.start(
            Optional.empty(), c -> c.withCorsOrigins(List.of(ALLOWED, "http://x.test:8081")));
    http = new Http(server.port());
    http.createStation("hc-1", "甲", 112.55, 37.87);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static HttpResponse<String> preflight(String origin) throws Exception {
    return http.send(
        http.request("/api/v1/stations")
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", origin)
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type,authorization"));
  }

  /** Verifies that a preflight from an allowed origin is answered with that origin, not '*'. */
  @Test
  void preflightFromAllowedOriginNamesItAndTheMethods() throws Exception {
    HttpResponse<String> r = preflight(ALLOWED);

    assertThat(r.statusCode()).isBetween(200, 204);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED);
    assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).contains("true");
    assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse(""))
        .contains("POST")
        .contains("GET");
    assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase())
        .contains("authorization")
        .contains("content-type");
  }

  /** Verifies that a preflight from another origin gets no permission. */
  @Test
  void preflightFromOtherOriginIsNotAllowed() throws Exception {
    HttpResponse<String> r = preflight("https://evil.example.com");

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  /** Verifies that the server's own pages, which browsers send with an Origin, still work. */
  @Test
  void sameOriginRequestWithOriginHeaderIsServed() throws Exception {
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/stations").header("Origin", "http://127.0.0.1:" + server.port()));

    assertThat(r.statusCode()).isEqualTo(200);
  }

  /** Verifies that a simple GET from an allowed origin may be read by its page. */
  @Test
  void getFromAllowedOriginCarriesTheOriginAndExposesEtag() throws Exception {
    HttpResponse<String> r =
        http.send(http.request("/api/v1/stations/hc-1").header("Origin", ALLOWED));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains(ALLOWED);
    assertThat(r.headers().firstValue("Access-Control-Expose-Headers").orElse(""))
        .containsIgnoringCase("etag");
  }

  /** Verifies that the server's own console still works: a same-host request with no Origin. */
  @Test
  void requestWithoutOriginIsServedAsBefore() throws Exception {
    HttpResponse<String> r = http.get("/api/v1/stations");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
  }

  /** Verifies that the station list answers 304 to its own ETag, and 200 once a station changes. */
  @Test
  void stationListAnswersNotModifiedToItsOwnEtag() throws Exception {
    HttpResponse<String> first = http.get("/api/v1/stations?bbox=112.0,37.0,113.0,38.0");
    String tag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again =
        http.send(
            http.request("/api/v1/stations?bbox=112.0,37.0,113.0,38.0")
                .header("If-None-Match", tag));
    http.createStation("hc-2", "乙", 112.56, 37.88);
    HttpResponse<String> changed =
        http.send(
            http.request("/api/v1/stations?bbox=112.0,37.0,113.0,38.0")
                .header("If-None-Match", tag));

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(again.headers().firstValue("ETag")).contains(tag);
    assertThat(changed.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(changed.body()).getInteger("numberMatched")).isGreaterThan(1);
  }

  /** Verifies that one station answers 304 to its ETag, and that the same tag still edits it. */
  @Test
  void stationAnswersNotModifiedAndItsEtagStillGuardsEdits() throws Exception {
    HttpResponse<String> first = http.get("/api/v1/stations/hc-1");
    String tag = first.headers().firstValue("ETag").orElseThrow();

    HttpResponse<String> again =
        http.send(http.request("/api/v1/stations/hc-1").header("If-None-Match", "\"x\", " + tag));
    HttpResponse<String> other =
        http.send(http.request("/api/v1/stations/hc-1").header("If-None-Match", "\"1-0\""));
    JsonObject feature = new JsonObject(first.body());
    feature.getJsonObject("properties").put("capacity", 9);
    HttpResponse<String> edited =
        http.send(
            http.admin("/api/v1/stations/hc-1")
                .header("Content-Type", "application/geo+json")
                .header("If-Match", tag)
                .PUT(HttpRequest.BodyPublishers.ofString(feature.encode())));

    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(other.statusCode()).isEqualTo(200);
    assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
  }

  /**
   * Verifies that f=json and a cache-buster are accepted on a route with parameters and one
   * without.
   */
  @Test
  void formatAndCacheBusterAreAcceptedEverywhere() throws Exception {
    assertThat(http.get("/api/v1/stations?limit=5&f=json&_=1733380000000").statusCode())
        .isEqualTo(200);
    assertThat(http.get("/api/v1/stations/hc-1?f=json&_=1").statusCode()).isEqualTo(200);
    assertThat(http.get("/api/v1/stations/nearby?lat=37.87&lon=112.55&_=2").statusCode())
        .isEqualTo(200);
  }

  /** Verifies that f asking for another format is a problem naming f. */
  @Test
  void otherFormatIsAProblemNamingF() throws Exception {
    HttpResponse<String> r = http.get("/api/v1/stations?f=html");

    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(r.body()).contains("\"f\"");
  }

  /**
   * Verifies that a CSV export for Excel starts with the UTF-8 byte-order mark, and imports back.
   */
  @Test
  void csvExportWithBomStartsWithTheMarkAndImportsBack() throws Exception {
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    HttpResponse<byte[]> plain =
        client.send(
            http.admin("/api/v1/stations/export?format=csv").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<byte[]> excel =
        client.send(
            http.admin("/api/v1/stations/export?format=csv&bom=true").build(),
            HttpResponse.BodyHandlers.ofByteArray());
    HttpResponse<String> reimported =
        http.send(
            http.admin("/api/v1/stations/import")
                .header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(excel.body())));

    assertThat(excel.statusCode()).isEqualTo(200);
    assertThat(java.util.Arrays.copyOf(excel.body(), 3))
        .containsExactly((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    assertThat(new String(excel.body(), 3, excel.body().length - 3, "UTF-8"))
        .isEqualTo(new String(plain.body(), "UTF-8"))
        .contains("甲");
    assertThat(plain.body()[0]).isEqualTo((byte) 'i');
    assertThat(reimported.statusCode()).as(reimported.body()).isEqualTo(200);
  }

  /** Verifies that a planning set's CSV also takes the mark, and only when asked. */
  @Test
  void planningCsvTakesTheMarkWhenAsked() throws Exception {
    HttpResponse<String> up =
        http.send(
            http.admin("/api/v1/planning/sets/demand/bom-test")
                .header("Content-Type", "text/csv")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        "lon,lat,weight,label\n112.55,37.87,1,工地\n")));
    java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
    byte[] excel =
        client
            .send(
                http.admin("/api/v1/planning/sets/demand/bom-test?format=csv&bom=true").build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body();
    byte[] plain =
        client
            .send(
                http.admin("/api/v1/planning/sets/demand/bom-test?format=csv").build(),
                HttpResponse.BodyHandlers.ofByteArray())
            .body();

    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    assertThat(java.util.Arrays.copyOf(excel, 3))
        .containsExactly((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
    assertThat(new String(plain, java.nio.charset.StandardCharsets.UTF_8))
        .startsWith("lon,lat,")
        .contains("工地");
  }
}
