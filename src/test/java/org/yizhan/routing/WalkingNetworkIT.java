package org.yizhan.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.config.RoutingConfig;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * A real server started with {@code routing.osm.file} set to the test's river town: the nearby
 * answer ranks by walking time and says so, isochrones are served; a server without the setting
 * answers with the estimate and a clear problem for isochrones.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class WalkingNetworkIT {

  private static Server routed;
  private static Server plain;
  private static Http http;
  private static Http plainHttp;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("yizhan-walk");
    Path osm = new RiverTown().write(dir);
    routed =
        TestServers.start(
            Optional.empty(),
            c -> c.withRouting(new RoutingConfig(Optional.of(osm), Optional.of(dir.resolve("g")))));
    http = new Http(routed.port());
    plain = TestServers.start(Optional.empty());
    plainHttp = new Http(plain.port());
    for (Http h : List.of(http, plainHttp)) {
      for (Map.Entry<String, double[]> e : WalkingNetworkTest.PLACES.entrySet()) {
        double[] at = e.getValue();
        h.createStation(e.getKey(), "测试 " + e.getKey(), RiverTown.lon(at[0]), RiverTown.lat(at[1]));
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    routed.close();
    plain.close();
  }

  private static String nearbyPath() {
    return "/api/v1/stations/nearby?lat="
        + RiverTown.lat(WalkingNetworkTest.WORKER[1])
        + "&lon="
        + RiverTown.lon(WalkingNetworkTest.WORKER[0])
        + "&limit=4";
  }

  private static JsonObject nearby(Http h) throws Exception {
    HttpResponse<String> r = h.get(nearbyPath());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static List<String> ids(JsonObject fc) {
    return fc.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")).toList();
  }

  /** Verifies that the nearby answer ranks the station across the river by its walk. */
  @Test
  void nearbyRanksByWalkingTimeOnceTheNetworkIsImported() throws Exception {
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                nearby(http)
                    .getJsonArray("features")
                    .getJsonObject(0)
                    .getJsonObject("properties")
                    .getString("walking_source")
                    .equals("network"));
    JsonObject fc = nearby(http);
    List<String> order = ids(fc);

    assertThat(order.get(0)).isEqualTo("same-bank");
    assertThat(order.indexOf("across")).isGreaterThan(order.indexOf("same-bank"));
    JsonObject across =
        fc.getJsonArray("features")
            .getJsonObject(order.indexOf("across"))
            .getJsonObject("properties");
    double expected =
        new RiverTown()
            .walkMetres(
                WalkingNetworkTest.WORKER[0],
                WalkingNetworkTest.WORKER[1],
                WalkingNetworkTest.ACROSS[0],
                WalkingNetworkTest.ACROSS[1]);
    assertThat(across.getString("walking_source")).isEqualTo("network");
    assertThat(across.getDouble("walking_distance_m")).isBetween(expected - 10, expected + 10);
    assertThat(across.getInteger("walking_time_min"))
        .isEqualTo((int) Math.ceil(across.getDouble("walking_distance_m") / (5000.0 / 60)));
    assertThat(across.getDouble("distance_m")).isLessThan(260);
  }

  /** Verifies that without an extract the answer is by straight line, labelled an estimate. */
  @Test
  void withoutAnExtractNearbySaysEstimate() throws Exception {
    JsonObject fc = nearby(plainHttp);

    assertThat(ids(fc).get(0)).isEqualTo("across");
    assertThat(fc.getJsonArray("features").stream().map(f -> (JsonObject) f))
        .allSatisfy(
            f -> {
              JsonObject p = f.getJsonObject("properties");
              assertThat(p.getString("walking_source")).isEqualTo("estimate");
              assertThat(p.getDouble("walking_distance_m"))
                  .isCloseTo(
                      p.getDouble("distance_m") * 1.3, org.assertj.core.data.Offset.offset(1.0));
            });
  }

  /** Verifies that a station's isochrone is a GeoJSON area, and a planner may ask for a box. */
  @Test
  void isochronesAreServedAsGeoJson() throws Exception {
    assertThat(routed.registry().snapshot().size()).isEqualTo(4);
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> http.get("/api/v1/stations/same-bank/isochrone").statusCode() != 503);
    HttpResponse<String> r = http.get("/api/v1/stations/same-bank/isochrone?minutes=10");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/geo+json");
    JsonObject f = new JsonObject(r.body());
    assertThat(f.getString("type")).isEqualTo("Feature");
    assertThat(f.getJsonObject("geometry").getString("type")).isIn("Polygon", "MultiPolygon");
    assertThat(f.getJsonObject("properties").getInteger("minutes")).isEqualTo(10);

    HttpResponse<String> bad = http.get("/api/v1/stations/same-bank/isochrone?minutes=61");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("minutes");

    String box =
        RiverTown.lon(-1000)
            + ","
            + RiverTown.lat(-1000)
            + ","
            + RiverTown.lon(2000)
            + ","
            + RiverTown.lat(1000);
    HttpResponse<String> anonymous = http.get("/api/v1/planning/isochrones?bbox=" + box);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    HttpResponse<String> bulk =
        http.send(http.admin("/api/v1/planning/isochrones?minutes=15&bbox=" + box));
    assertThat(bulk.statusCode()).as(bulk.body()).isEqualTo(200);
    JsonObject fc = new JsonObject(bulk.body());
    assertThat(fc.getString("type")).isEqualTo("FeatureCollection");
    assertThat(fc.getJsonArray("features")).hasSize(4);
  }

  /** Verifies that isochrones without a walking network are a clear problem, not an empty map. */
  @Test
  void isochroneWithoutANetworkIsAProblem() throws Exception {
    HttpResponse<String> r = plainHttp.get("/api/v1/stations/same-bank/isochrone");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(r.body()).contains("routing.osm.file");
  }

  /** Verifies that a missing extract stops the start with the setting's name, at once. */
  @Test
  void missingExtractIsAStartupError() {
    assertThatThrownBy(
            () ->
                TestServers.start(
                    Optional.empty(),
                    c ->
                        c.withRouting(
                            new RoutingConfig(
                                Optional.of(Path.of("/nonexistent/shanxi.osm.pbf")),
                                Optional.empty()))))
        .hasMessageContaining("routing.osm.file");
  }
}
