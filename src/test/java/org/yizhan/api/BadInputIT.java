package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Verifies that every kind of bad input gets a problem+json answer naming the field, and that
 * nothing is written.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BadInputIT {

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    http.createStation("bad-input-1", "坏输入站", 112.5, 37.8);
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static Stream<Arguments> badQueries() {
    return Stream.of(
        Arguments.of("/api/v1/stations/nearby?lat=91&lon=112", "lat"),
        Arguments.of("/api/v1/stations/nearby?lat=-90.0001&lon=112", "lat"),
        Arguments.of("/api/v1/stations/nearby?lat=37&lon=181", "lon"),
        Arguments.of("/api/v1/stations/nearby?lon=112", "lat"),
        Arguments.of("/api/v1/stations/nearby?lat=abc&lon=112", "lat"),
        Arguments.of("/api/v1/stations/nearby?lat=NaN&lon=112", "lat"),
        Arguments.of("/api/v1/stations/nearby?lat=37&lon=112&limit=0", "limit"),
        Arguments.of("/api/v1/stations/nearby?lat=37&lon=112&limit=100000", "limit"),
        Arguments.of("/api/v1/stations/nearby?lat=37&lon=112&limit=2.5", "limit"),
        Arguments.of("/api/v1/stations/nearby?lat=37&lon=112&radius_m=-5", "radius_m"),
        Arguments.of("/api/v1/stations/nearby?lat=37&lon=112&amenity=jacuzzi", "amenity"),
        Arguments.of("/api/v1/stations/nearby?lat=37&lon=112&open_now=maybe", "open_now"),
        Arguments.of("/api/v1/stations/nearby?lat=37&lat=38&lon=112", "lat"),
        Arguments.of("/api/v1/stations/nearby?lat=37&lon=112&radius=500", "radius"),
        Arguments.of("/api/v1/stations?bbox=113,37,112,38", "bbox"),
        Arguments.of("/api/v1/stations?bbox=112,38,113,37", "bbox"),
        Arguments.of("/api/v1/stations?bbox=112,37,113", "bbox"),
        Arguments.of("/api/v1/stations?bbox=112,37,113,95", "bbox"),
        Arguments.of("/api/v1/stations?limit=0", "limit"),
        Arguments.of("/api/v1/stations?limit=100000", "limit"),
        Arguments.of("/api/v1/stations?offset=-1", "offset"),
        // Java's parsers accept more than decimal numbers: hex floats and any script's digits.
        Arguments.of("/api/v1/stations/nearby?lat=0x1p3&lon=112", "lat"),
        Arguments.of("/api/v1/stations/nearby?lat=37&lon=112&limit=%EF%BC%95", "limit"),
        Arguments.of("/api/v1/stations/nearby?lat=%EF%BC%93%EF%BC%97&lon=112", "lat"),
        Arguments.of("/api/v1/stations/nearby?lat=37&lon=112&limit=%2B5", "limit"),
        Arguments.of("/api/v1/stations?bbox=0x70,37,113,38", "bbox"),
        Arguments.of("/api/v1/stations?offset=%D9%A1", "offset"),
        Arguments.of("/api/v1/places?q=a%00b", "q"),
        Arguments.of("/api/v1/stations/nearby?lat=37&lon=112&kind=a%01", "kind"),
        // Dates outside what PostgreSQL's timestamptz (or Java's Timestamp) can hold.
        Arguments.of("/api/v1/stations/bad-input-1/readings?to=-1000000000-01-01T00:00:00Z", "to"),
        Arguments.of("/api/v1/stations/bad-input-1/readings?to=%2B294277-01-02T00:00:00Z", "to"),
        Arguments.of("/api/v1/stations/bad-input-1/readings?from=0001-01-01T00:00:00Z", "from"));
  }

  @ParameterizedTest
  @MethodSource("badQueries")
  void invalidQueryParametersGet400ProblemNamingTheField(String path, String field)
      throws Exception {
    HttpResponse<String> r = http.get(path);
    assertProblem(r, 400, field);
  }

  static Stream<Arguments> badBodies() {
    String good =
        "{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[112,37]},"
            + "\"properties\":{\"name_zh\":\"站\",\"kind\":\"urban_rest_station\",\"capacity\":5,"
            + "\"opening_hours\":\"24/7\"}}";
    return Stream.of(
        Arguments.of("{not json", "body"),
        Arguments.of("[1,2]", "feature"),
        Arguments.of(good.replace("\"capacity\":5", "\"capacity\":\"five\""), "capacity"),
        Arguments.of(good.replace("\"capacity\":5", "\"capacity\":5.5"), "capacity"),
        Arguments.of(good.replace("\"capacity\":5", "\"capacity\":0"), "capacity"),
        Arguments.of(good.replace("[112,37]", "[112,95]"), "lat"),
        Arguments.of(good.replace("[112,37]", "[\"112\",37]"), "lon"),
        Arguments.of(good.replace("\"Point\"", "\"LineString\""), "geometry"),
        Arguments.of(good.replace("\"urban_rest_station\"", "\"castle\""), "kind"),
        Arguments.of(good.replace("\"24/7\"", "\"whenever\""), "opening_hours"),
        Arguments.of(good.replace("\"name_zh\":\"站\",", ""), "name_zh"),
        Arguments.of(good.replace("\"capacity\":5", "\"capacity\":5,\"capcity\":6"), "capcity"),
        Arguments.of(
            good.replace("\"capacity\":5", "\"capacity\":5,\"amenities\":[\"jacuzzi\"]"),
            "amenities"),
        Arguments.of(
            good.replace("\"capacity\":5", "\"capacity\":5,\"amenities\":\"wifi\""), "amenities"),
        Arguments.of(good.replace("\"capacity\":5", "\"capacity\":5,\"id\":\"Bad Id!\""), "id"),
        // PostgreSQL refuses NUL in text; other control characters have no place in a name.
        Arguments.of(good.replace("\"站\"", "\"\\u0000站\""), "name_zh"),
        Arguments.of(good.replace("\"站\"", "\"站\",\"address\":\"a\\u0007b\""), "address"),
        Arguments.of(good.replace("\"站\"", "\"\\ud800站\""), "name_zh"));
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void invalidStationBodiesGet400ProblemNamingTheFieldAndWriteNothing(String body, String field)
      throws Exception {
    int before = server.registry().snapshot().size();
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/stations")
                .header("Content-Type", "application/geo+json")
                .POST(BodyPublishers.ofString(body)));
    assertProblem(r, 400, field);
    assertThat(server.registry().snapshot().size()).isEqualTo(before);
  }

  @Test
  void oversizedBodyIsRefusedWithProblem() throws Exception {
    byte[] big = new byte[17 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) ' ');
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/stations")
                .header("Content-Type", "application/geo+json")
                .POST(BodyPublishers.ofByteArray(big)));
    assertProblem(r, 413, "body");
  }

  @Test
  void wrongContentTypeIsRefused() throws Exception {
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/stations")
                .header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("hello")));
    assertProblem(r, 415, "Content-Type");
  }

  @Test
  void unknownStationIs404Problem() throws Exception {
    HttpResponse<String> r = http.get("/api/v1/stations/no-such-station");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    HttpResponse<String> put =
        http.send(
            http.admin("/api/v1/stations/no-such-station")
                .header("If-Match", "\"1\"")
                .header("Content-Type", "application/geo+json")
                .method("PUT", HttpRequest.BodyPublishers.ofString("{}")));
    assertThat(put.statusCode()).isEqualTo(404);
    HttpResponse<String> del = http.send(http.admin("/api/v1/stations/no-such-station").DELETE());
    assertThat(del.statusCode()).isEqualTo(404);
  }

  @Test
  void unknownPathIs404Problem() throws Exception {
    HttpResponse<String> r = http.get("/api/v1/nothing-here");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  void feedbackTextWithNulIsRefusedNotStored() throws Exception {
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/stations/bad-input-1/feedback")
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("{\"kind\":\"other\",\"text\":\"x\\u0000y\"}")));
    assertProblem(r, 400, "text");
  }

  @Test
  void queryTextWithNulThatWouldReachTheDatabaseIsRefused() throws Exception {
    HttpResponse<String> r = http.send(http.admin("/api/v1/feedback?station_id=a%00b").GET());
    assertProblem(r, 400, "station_id");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/api/v1/devices/a%00b/config",
        "/api/v1/stations/a%00b/thresholds",
        "/api/v1/alerts/1%00/deliveries",
        "/api/v1/stations/a%1Fb"
      })
  void pathsWithAControlCharacterNameNothing(String path) throws Exception {
    HttpResponse<String> r = http.send(http.admin(path).GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1000000000-01-01T00:00:00Z", "%2B294277-01-02T00:00:00Z", "yesterday"})
  void fleetChangesSinceAnUnstorableOrMalformedTimeIs400NamingSince(String since) throws Exception {
    HttpResponse<String> r = http.send(http.admin("/api/v1/fleet/changes?since=" + since).GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(r.body()).contains("since");
  }

  @Test
  void anAccountNameWithNulInThePathNamesNoAccount() throws Exception {
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/accounts/a%00b")
                .header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{\"display_name\":\"x\"}")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(404);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  void jsonBodiesOfAnyRouteRefuseNul() throws Exception {
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/accounts")
                .header("Content-Type", "application/json")
                .POST(
                    BodyPublishers.ofString(
                        "{\"username\":\"nul-test\",\"display_name\":\"a\\u0000b\","
                            + "\"role\":\"planner\",\"password\":\"a-long-enough-password\"}")));
    assertProblem(r, 400, "display_name");
  }

  @Test
  void importedCsvNumbersAreParsedStrictly() throws Exception {
    String csv =
        "id,name_zh,kind,lat,lon,capacity,opening_hours\n"
            + "csv-hex,站,urban_rest_station,0x1p5,112,5,24/7\n"
            + "csv-wide,站,urban_rest_station,37,112,\uff15,24/7\n"
            + "csv-nul,\u0000站,urban_rest_station,37,112,5,24/7\n";
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/stations/import")
                .header("Content-Type", "text/csv")
                .POST(BodyPublishers.ofString(csv)));
    assertProblem(r, 400, "lat");
    assertThat(r.body()).contains("\"capacity\"").contains("\"name_zh\"");
    assertThat(server.registry().snapshot().find("csv-hex")).isEmpty();
  }

  @Test
  void overlongUriGets414Problem() throws Exception {
    HttpResponse<String> r = http.get("/api/v1/stations?bbox=" + "1".repeat(10_000));
    assertThat(r.statusCode()).isEqualTo(414);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(new JsonObject(r.body()).getInteger("status")).isEqualTo(414);
  }

  @Test
  void oversizedHeadersGet431Problem() throws Exception {
    HttpResponse<String> r =
        http.send(http.request("/api/v1/stations").header("X-Filler", "x".repeat(10_000)).GET());
    assertThat(r.statusCode()).isEqualTo(431);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(new JsonObject(r.body()).getInteger("status")).isEqualTo(431);
  }

  private static void assertProblem(HttpResponse<String> r, int status, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonObject p = new JsonObject(r.body());
    assertThat(p.getInteger("status")).isEqualTo(status);
    assertThat(p.getString("detail")).isNotBlank();
    assertThat(p.getJsonArray("errors").stream().map(e -> ((JsonObject) e).getString("field")))
        .as(r.body())
        .contains(field);
  }
}
