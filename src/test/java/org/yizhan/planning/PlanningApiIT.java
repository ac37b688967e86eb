package org.yizhan.planning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.geo.ChinaCrs;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestDatabases;
import org.yizhan.testing.TestServers;

/**
 * The planning API end to end on a real server and database, as a planner account uses it: upload
 * demand (a bad file refused whole, a GCJ-02 file converted), coverage and a proven-optimal siting
 * run (progress over SSE, exports in both systems), scenarios kept and compared; other callers
 * refused.
 *
 * <p>The network: one station in Taiyuan. The demand: 3 points (weights 1, 2, 3) within 500 m of it
 * and 2 points (weights 4, 5) about 5 km east, 150 m apart. Coverage at 1 km is 6 of 15; one new
 * site at either far point covers the rest.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PlanningApiIT {

  private static final String DEMAND =
      "lon,lat,weight,label\n"
          + "112.5500,37.8700,1,near-a\n"
          + "112.5530,37.8710,2,near-b\n"
          + "112.5480,37.8690,3,near-c\n"
          + "112.6100,37.8700,4,far-a\n"
          + "112.6117,37.8700,5,far-b\n";

  private static Server server;
  private static Http http;
  private static String planner;

  @BeforeAll
  static void start() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    server =
        Server.start(
            TestServers.defaults()
                .withDatabase(db.url(), db.user(), db.password())
                .withHttpPort(TestServers.freePort()));
    http = new Http(server.port());
    http.createStation("ty-1", "太原一号", 112.5500, 37.8700);
    HttpResponse<String> made =
        send(
            http.admin("/api/v1/accounts"),
            "POST",
            new JsonObject()
                .put("username", "planner1")
                .put("role", "planner")
                .put("password", "planner1-secret-pw"));
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    HttpResponse<String> login =
        send(
            http.request("/api/v1/auth/login"),
            "POST",
            new JsonObject().put("username", "planner1").put("password", "planner1-secret-pw"));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    planner = new JsonObject(login.body()).getString("token");
    HttpResponse<String> up = upload("demand", "workers", "text/csv", DEMAND, "");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static HttpRequest.Builder asPlanner(String path) {
    return http.request(path).header("Authorization", "Bearer " + planner);
  }

  private static HttpResponse<String> send(HttpRequest.Builder b, String method, JsonObject body)
      throws Exception {
    return http.send(
        b.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static HttpResponse<String> upload(
      String kind, String name, String type, String body, String query) throws Exception {
    return http.send(
        asPlanner("/api/v1/planning/sets/" + kind + "/" + name + query)
            .header("Content-Type", type)
            .PUT(HttpRequest.BodyPublishers.ofString(body)));
  }

  /** Submits a run and waits for it to end; answers the ended run. */
  private static JsonObject run(JsonObject request) throws Exception {
    HttpResponse<String> r = send(asPlanner("/api/v1/planning/runs"), "POST", request);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    String location = r.headers().firstValue("Location").orElseThrow();
    JsonObject[] last = new JsonObject[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              last[0] = new JsonObject(http.send(asPlanner(location).GET()).body());
              return !last[0].getString("state").equals("queued")
                  && !last[0].getString("state").equals("running");
            });
    return last[0];
  }

  @Test
  void coverageIsTheCoveredShareOfTheWeight() throws Exception {
    JsonObject run =
        run(new JsonObject().put("kind", "coverage").put("name", "today").put("demand", "workers"));
    assertThat(run.getString("state")).as(run.encode()).isEqualTo("done");
    JsonObject before = run.getJsonObject("result").getJsonObject("before");
    assertThat(before.getDouble("share")).isEqualTo(6.0 / 15.0);
    assertThat(before.getInteger("uncovered_points")).isEqualTo(2);
    assertThat(before.getJsonArray("idle_stations")).isEmpty();
    String uncovered =
        http.send(
                asPlanner("/api/v1/planning/runs/" + run.getString("id") + "/uncovered?format=csv")
                    .GET())
            .body();
    assertThat(uncovered.lines()).hasSize(3).anyMatch(l -> l.endsWith(",far-b"));
  }

  @Test
  void mclpProposesTheFarClusterProvenOptimalAndExportsIt() throws Exception {
    JsonObject run =
        run(
            new JsonObject()
                .put("kind", "mclp")
                .put("name", "one more")
                .put("demand", "workers")
                .put("candidates", new JsonObject().put("at_demand", true))
                .put("k", 1));
    assertThat(run.getString("state")).as(run.encode()).isEqualTo("done");
    JsonObject result = run.getJsonObject("result");
    JsonObject siting = result.getJsonObject("siting");
    assertThat(siting.getBoolean("optimal")).as(siting.encode()).isTrue();
    assertThat(siting.getDouble("objective")).isEqualTo(9.0);
    assertThat(siting.getDouble("gap")).isZero();
    assertThat(result.getJsonObject("after").getDouble("share")).isEqualTo(1.0);
    JsonArray sites = result.getJsonArray("sites");
    assertThat(sites).hasSize(1);
    double lon = sites.getJsonObject(0).getDouble("lon");
    double lat = sites.getJsonObject(0).getDouble("lat");
    assertThat(lon).isBetween(112.6099, 112.6118);

    String id = run.getString("id");
    JsonObject wgs =
        new JsonObject(
            http.send(asPlanner("/api/v1/planning/runs/" + id + "/sites?format=geojson").GET())
                .body());
    JsonObject gcj =
        new JsonObject(
            http.send(
                    asPlanner("/api/v1/planning/runs/" + id + "/sites?format=geojson&crs=gcj02")
                        .GET())
                .body());
    JsonArray wgsXy =
        wgs.getJsonArray("features")
            .getJsonObject(0)
            .getJsonObject("geometry")
            .getJsonArray("coordinates");
    JsonArray gcjXy =
        gcj.getJsonArray("features")
            .getJsonObject(0)
            .getJsonObject("geometry")
            .getJsonArray("coordinates");
    assertThat(wgsXy.getDouble(0)).isEqualTo(lon);
    double[] expected = ChinaCrs.wgsToGcj(lon, lat);
    assertThat(gcjXy.getDouble(0)).isEqualTo(expected[0]);
    assertThat(gcjXy.getDouble(1)).isEqualTo(expected[1]);

    HttpResponse<String> events =
        http.send(asPlanner("/api/v1/planning/runs/" + id + "/events").GET());
    assertThat(events.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/event-stream");
    assertThat(events.body()).contains("event: run").contains("\"state\":\"done\"");
  }

  @Test
  void scenariosAreKeptComparedAndNamedOnce() throws Exception {
    JsonObject a =
        run(new JsonObject().put("kind", "coverage").put("name", "now").put("demand", "workers"));
    JsonObject b =
        run(
            new JsonObject()
                .put("kind", "mclp")
                .put("name", "plus one")
                .put("demand", "workers")
                .put("candidates", new JsonObject().put("at_demand", true))
                .put("k", 1));
    for (JsonObject[] s :
        new JsonObject[][] {
          {a, new JsonObject().put("n", "s-now")}, {b, new JsonObject().put("n", "s-plus")}
        }) {
      HttpResponse<String> saved =
          send(
              asPlanner("/api/v1/planning/scenarios"),
              "POST",
              new JsonObject()
                  .put("run_id", s[0].getString("id"))
                  .put("name", s[1].getString("n")));
      assertThat(saved.statusCode()).as(saved.body()).isEqualTo(201);
    }
    HttpResponse<String> again =
        send(
            asPlanner("/api/v1/planning/scenarios"),
            "POST",
            new JsonObject().put("run_id", a.getString("id")).put("name", "s-now"));
    assertThat(again.statusCode()).isEqualTo(409);
    JsonObject cmp =
        new JsonObject(
            http.send(asPlanner("/api/v1/planning/scenarios/compare?a=s-now&b=s-plus").GET())
                .body());
    assertThat(cmp.getJsonObject("difference").getDouble("share_after"))
        .isCloseTo(0.6, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(cmp.getJsonObject("difference").getJsonArray("sites_only_b")).hasSize(1);
    assertThat(http.send(asPlanner("/api/v1/planning/scenarios/s-now").DELETE()).statusCode())
        .isEqualTo(204);
    assertThat(http.send(asPlanner("/api/v1/planning/scenarios/s-now").GET()).statusCode())
        .isEqualTo(404);
  }

  @Test
  void aBadFileIsRefusedWholeNamingEveryBadRow() throws Exception {
    HttpResponse<String> bad =
        upload(
            "demand",
            "workers",
            "text/csv",
            "lon,lat,weight\n112.55,37.87,1\n999,37.87,2\n112.56,37.87,-1\n",
            "");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(bad.body()).contains("lon").contains("weight");
    JsonObject still =
        new JsonObject(http.send(asPlanner("/api/v1/planning/sets/demand/workers").GET()).body());
    assertThat(still.getInteger("point_count")).as("the old set is whole").isEqualTo(5);
  }

  @Test
  void gcj02UploadsAreStoredAsWgs84() throws Exception {
    double[] gcj = ChinaCrs.wgsToGcj(112.55, 37.87);
    HttpResponse<String> up =
        upload(
            "candidate",
            "shops",
            "text/csv",
            "lon,lat,label\n" + gcj[0] + "," + gcj[1] + ",shop\n",
            "?crs=gcj02");
    assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
    String csv =
        http.send(asPlanner("/api/v1/planning/sets/candidate/shops?format=csv").GET()).body();
    String[] row = csv.lines().skip(1).findFirst().orElseThrow().split(",");
    assertThat(Double.parseDouble(row[0]))
        .isCloseTo(112.55, org.assertj.core.api.Assertions.within(1e-5));
    assertThat(Double.parseDouble(row[1]))
        .isCloseTo(37.87, org.assertj.core.api.Assertions.within(1e-5));
  }

  @Test
  void stationUseListsAFullStationAsOverloaded() throws Exception {
    java.time.Instant hour =
        java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.HOURS);
    try (var c = server.database().dataSource().getConnection();
        var ps =
            c.prepareStatement(
                "INSERT INTO reading (time, station_id, device_id, seq, occupancy, temperature_c,"
                    + " received_at) VALUES (?, 'ty-1', 'dev-use', ?, 10, 33, now())")) {
      for (int h = 1; h <= 30; h++) {
        ps.setTimestamp(1, java.sql.Timestamp.from(hour.minusSeconds(3600L * h - 60)));
        ps.setLong(2, h);
        ps.addBatch();
      }
      ps.executeBatch();
    }
    JsonObject use =
        new JsonObject(
            http.send(asPlanner("/api/v1/planning/use?from=" + hour.minusSeconds(86_400 * 3)).GET())
                .body());
    assertThat(use.getInteger("overloaded_count")).as(use.encode()).isEqualTo(1);
    JsonObject st = use.getJsonArray("overloaded").getJsonObject(0);
    assertThat(st.getString("station_id")).isEqualTo("ty-1");
    assertThat(st.getDouble("full_share")).isEqualTo(1.0);
    assertThat(st.getInteger("open_hours")).isEqualTo(30);
    assertThat(st.getInteger("hot_hours")).isEqualTo(30);
    assertThat(use.containsKey("stations")).as("every station only when asked").isFalse();
    JsonObject one =
        new JsonObject(
            http.send(
                    asPlanner(
                            "/api/v1/planning/use/stations/ty-1?from="
                                + hour.minusSeconds(86_400 * 3))
                        .GET())
                .body());
    assertThat(one.getJsonArray("heat")).hasSize(7);
    long filled =
        one.getJsonArray("heat").stream()
            .flatMap(d -> ((JsonArray) d).stream())
            .filter(java.util.Objects::nonNull)
            .count();
    assertThat(filled).isEqualTo(30);
  }

  @Test
  void onlyPlannersAndSuperAdminsMayPlan() throws Exception {
    assertThat(http.send(http.request("/api/v1/planning/sets/demand").GET()).statusCode())
        .isEqualTo(401);
    assertThat(http.send(http.admin("/api/v1/planning/sets/demand").GET()).statusCode())
        .as("the admin token is a super admin")
        .isEqualTo(200);
    HttpResponse<String> badRun =
        send(
            asPlanner("/api/v1/planning/runs"),
            "POST",
            new JsonObject().put("kind", "mclp").put("name", "x").put("k", 0).put("nonsense", 1));
    assertThat(badRun.statusCode()).isEqualTo(400);
    assertThat(badRun.body()).contains("nonsense").contains("demand");
  }
}
