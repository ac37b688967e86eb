package org.yizhan.api.ogc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Planning data through {@code /ogc} on a real server and database: a demand set and a candidate
 * set uploaded through the planning API, and a siting run kept as a scenario, each read back as its
 * own collection by a planner (every point, paging by next links, a box, one feature), while
 * anonymous callers get 401 and station admins 403, and neither sees them listed.
 *
 * <p>The demand: 23 points on a line east of a Taiyuan station, 0.0013 degrees apart, weights 1 to
 * 23 (and a half). Its name holds a slash, a space, a question mark and Chinese, which links must
 * percent-encode.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class OgcPlanningIT {

  private static final String DEMAND_NAME = "north/东 1?";
  private static final String DEMAND_ID = "demand-" + DEMAND_NAME;
  private static final int POINTS = 23;
  private static final String CANDIDATES =
      "lon,lat,label,kind\n"
          + "112.5600,37.8700,c-0,lot\n"
          + "112.5800,37.8700,c-1,park\n"
          + "112.5650,37.8800,c-2,\n";

  private static Server server;
  private static Http http;
  private static String planner;
  private static String stationAdmin;
  private static JsonArray runSites;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    http.createStation("pl-1", "太原规划", 112.5500, 37.8700);
    planner = session("ogc-planner", "planner", null);
    stationAdmin =
        session("ogc-stadmin", "station_admin", new JsonObject().put("stations", List.of("pl-1")));
    StringBuilder demand = new StringBuilder("lon,lat,weight,label\n");
    for (int i = 0; i < POINTS; i++) {
      demand.append(String.format(Locale.ROOT, "%s,%s,%s,d-%d\n", lon(i), lat(i), weight(i), i));
    }
    assertThat(upload("demand", DEMAND_NAME, demand.toString()).statusCode()).isEqualTo(201);
    assertThat(upload("candidate", "sites", CANDIDATES).statusCode()).isEqualTo(201);
    JsonObject run =
        run(
            new JsonObject()
                .put("kind", "mclp")
                .put("name", "two more")
                .put("demand", DEMAND_NAME)
                .put("candidates", new JsonObject().put("set", "sites"))
                .put("k", 2));
    assertThat(run.getString("state")).as(run.encode()).isEqualTo("done");
    runSites = run.getJsonObject("result").getJsonArray("sites");
    assertThat(runSites).as(run.encode()).hasSize(2);
    HttpResponse<String> kept =
        http.send(
            asPlanner("/api/v1/planning/scenarios")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("run_id", run.getString("id"))
                            .put("name", "plan A")
                            .encode())));
    assertThat(kept.statusCode()).as(kept.body()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  static String lon(int i) {
    return String.format(Locale.ROOT, "%.4f", 112.5510 + i * 0.0013);
  }

  static String lat(int i) {
    return String.format(Locale.ROOT, "%.4f", 37.8700 + (i % 3) * 0.0007);
  }

  static double weight(int i) {
    return i + 1 + (i % 2) * 0.5;
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static HttpRequest.Builder asPlanner(String path) {
    return http.request(path).header("Authorization", "Bearer " + planner);
  }

  private static HttpRequest.Builder bearer(String token, String path) {
    return http.request(path).header("Authorization", "Bearer " + token);
  }

  private static HttpResponse<String> upload(String kind, String name, String csv)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            asPlanner("/api/v1/planning/sets/" + kind + "/" + enc(name))
                .header("Content-Type", "text/csv")
                .PUT(HttpRequest.BodyPublishers.ofString(csv)));
    assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
    return r;
  }

  private static JsonObject run(JsonObject request) throws Exception {
    HttpResponse<String> r =
        http.send(
            asPlanner("/api/v1/planning/runs")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.encode())));
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

  /** Creates an account through the admin API and logs it in; returns its session token. */
  private static String session(String name, String role, JsonObject scope) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("username", name)
            .put("role", role)
            .put("password", name + "-secret-pw");
    if (scope != null) {
      body.put("scope", scope);
    }
    HttpResponse<String> created =
        http.send(
            http.admin("/api/v1/accounts")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> login =
        http.send(
            http.request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", name)
                            .put("password", name + "-secret-pw")
                            .encode())));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return new JsonObject(login.body()).getString("token");
  }

  private static JsonObject planner(String path) throws Exception {
    HttpResponse<String> r = http.send(asPlanner(path));
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static String href(JsonArray links, String rel) {
    for (Object o : links) {
      JsonObject l = (JsonObject) o;
      if (l.getString("rel").equals(rel)) {
        return l.getString("href");
      }
    }
    return null;
  }

  private static String local(String href) {
    String base = "http://127.0.0.1:" + server.port();
    assertThat(href).startsWith(base);
    return href.substring(base.length());
  }

  private static List<String> ids(JsonObject collections) {
    List<String> out = new ArrayList<>();
    collections.getJsonArray("collections").forEach(c -> out.add(((JsonObject) c).getString("id")));
    return out;
  }

  private static void assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
  }

  @Test
  void aPlannerSeesEachSetAndScenarioAsACollectionWithItsExtent() throws Exception {
    JsonObject all = planner("/ogc/collections");
    assertThat(ids(all))
        .containsExactly("stations", DEMAND_ID, "candidates-sites", "scenario-plan A");
    JsonObject d = planner("/ogc/collections/" + enc(DEMAND_ID));
    assertThat(d.getString("id")).isEqualTo(DEMAND_ID);
    JsonArray box =
        d.getJsonObject("extent").getJsonObject("spatial").getJsonArray("bbox").getJsonArray(0);
    assertThat(box.getDouble(0)).isEqualTo(Double.parseDouble(lon(0)));
    assertThat(box.getDouble(1)).isEqualTo(Double.parseDouble(lat(0)));
    assertThat(box.getDouble(2)).isEqualTo(Double.parseDouble(lon(POINTS - 1)));
    assertThat(box.getDouble(3)).isEqualTo(Double.parseDouble(lat(2)));
    assertThat(local(href(d.getJsonArray("links"), "items")))
        .isEqualTo("/ogc/collections/" + enc(DEMAND_ID) + "/items?f=json");
    String html = http.send(asPlanner("/ogc/collections?f=html")).body();
    assertThat(html).contains("href=\"/ogc/collections/" + enc(DEMAND_ID) + "/items?f=html\"");
  }

  @Test
  void everyDemandPointComesBackThroughNextLinksWithItsWeight() throws Exception {
    String next = "/ogc/collections/" + enc(DEMAND_ID) + "/items?limit=5";
    List<JsonObject> seen = new ArrayList<>();
    int pages = 0;
    while (next != null) {
      JsonObject fc = planner(next);
      assertThat(fc.getInteger("numberMatched")).isEqualTo(POINTS);
      assertThat(fc.getInteger("numberReturned")).isEqualTo(fc.getJsonArray("features").size());
      fc.getJsonArray("features").forEach(f -> seen.add((JsonObject) f));
      String n = href(fc.getJsonArray("links"), "next");
      next = n == null ? null : local(n);
      pages++;
    }
    assertThat(pages).isEqualTo(5);
    assertThat(seen).hasSize(POINTS);
    for (int i = 0; i < POINTS; i++) {
      JsonObject f = seen.get(i);
      assertThat(f.getInteger("id")).isEqualTo(i);
      JsonArray xy = f.getJsonObject("geometry").getJsonArray("coordinates");
      assertThat(xy.getDouble(0)).isEqualTo(Double.parseDouble(lon(i)));
      assertThat(xy.getDouble(1)).isEqualTo(Double.parseDouble(lat(i)));
      JsonObject p = f.getJsonObject("properties");
      assertThat(p.fieldNames()).containsExactly("id", "label", "weight");
      assertThat(p.getDouble("weight")).isEqualTo(weight(i));
      assertThat(p.getString("label")).isEqualTo("d-" + i);
    }
  }

  @Test
  void aBoxAndOneFeatureReadOnlyWhatTheyAskFor() throws Exception {
    String base = "/ogc/collections/" + enc(DEMAND_ID) + "/items";
    // points 4..8 lie within lon 112.5562..112.5614
    JsonObject fc = planner(base + "?bbox=112.5560,37.86,112.5615,37.88&limit=3");
    assertThat(fc.getInteger("numberMatched")).isEqualTo(5);
    assertThat(fc.getJsonArray("features").getJsonObject(0).getInteger("id")).isEqualTo(4);
    JsonObject rest = planner(local(href(fc.getJsonArray("links"), "next")));
    assertThat(rest.getInteger("numberReturned")).isEqualTo(2);
    assertThat(rest.getJsonArray("features").getJsonObject(1).getInteger("id")).isEqualTo(8);

    JsonObject one = planner(base + "/7");
    assertThat(one.getJsonObject("properties").getDouble("weight")).isEqualTo(weight(7));
    assertThat(one.getJsonObject("geometry").getJsonArray("coordinates").getDouble(0))
        .isEqualTo(Double.parseDouble(lon(7)));
    for (String bad : List.of("23", "07", "-1", "x")) {
      assertProblem(http.send(asPlanner(base + "/" + bad)), 404);
    }
    String html = http.send(asPlanner(base + "?f=html&limit=2")).body();
    assertThat(html).contains("href=\"/ogc/collections/" + enc(DEMAND_ID) + "/items/0?f=html\"");
  }

  @Test
  void candidatesCarryTheirKindAndTheScenarioItsChosenSites() throws Exception {
    JsonObject c = planner("/ogc/collections/candidates-sites/items");
    assertThat(c.getInteger("numberMatched")).isEqualTo(3);
    JsonArray fs = c.getJsonArray("features");
    assertThat(fs.getJsonObject(1).getJsonObject("properties").getString("kind")).isEqualTo("park");
    assertThat(fs.getJsonObject(2).getJsonObject("properties").fieldNames())
        .containsExactly("id", "label", "weight", "kind");
    assertThat(fs.getJsonObject(2).getJsonObject("properties").getValue("kind")).isNull();
    assertThat(
            fs.getJsonObject(0).getJsonObject("geometry").getJsonArray("coordinates").getDouble(0))
        .isEqualTo(112.56);

    JsonObject s = planner("/ogc/collections/" + enc("scenario-plan A") + "/items?limit=1");
    assertThat(s.getInteger("numberMatched")).isEqualTo(2);
    List<JsonObject> sites = new ArrayList<>();
    s.getJsonArray("features").forEach(f -> sites.add((JsonObject) f));
    planner(local(href(s.getJsonArray("links"), "next")))
        .getJsonArray("features")
        .forEach(f -> sites.add((JsonObject) f));
    for (int i = 0; i < 2; i++) {
      JsonObject want = runSites.getJsonObject(i);
      JsonObject f = sites.get(i);
      JsonObject p = f.getJsonObject("properties");
      assertThat(p.getInteger("rank")).isEqualTo(want.getInteger("rank"));
      assertThat(p.getDouble("gain")).isEqualTo(want.getDouble("gain"));
      assertThat(p.getString("label")).isEqualTo(want.getString("label"));
      assertThat(p.getString("site")).isEqualTo("new");
      assertThat(p.getString("scenario")).isEqualTo("plan A");
      assertThat(p.getString("run_kind")).isEqualTo("mclp");
      JsonArray xy = f.getJsonObject("geometry").getJsonArray("coordinates");
      assertThat(xy.getDouble(0)).isEqualTo(want.getDouble("lon"));
      assertThat(xy.getDouble(1)).isEqualTo(want.getDouble("lat"));
    }
    JsonObject first =
        planner(
            "/ogc/collections/"
                + enc("scenario-plan A")
                + "/items/"
                + runSites.getJsonObject(0).getInteger("rank"));
    assertThat(first.getJsonObject("properties").getString("label"))
        .isEqualTo(runSites.getJsonObject(0).getString("label"));
  }

  @Test
  void unknownSetsAndScenariosAreNotFound() throws Exception {
    for (String id :
        List.of("demand-nosuch", "candidates-" + DEMAND_NAME, "scenario-nosuch", "demand-")) {
      assertProblem(http.send(asPlanner("/ogc/collections/" + enc(id))), 404);
      assertProblem(http.send(asPlanner("/ogc/collections/" + enc(id) + "/items")), 404);
    }
  }

  @Test
  void anonymousCallersGet401AndStationAdmins403AndNeitherSeesThemListed() throws Exception {
    List<String> paths = new ArrayList<>();
    for (String id : List.of(DEMAND_ID, "candidates-sites", "scenario-plan A", "demand-nosuch")) {
      String base = "/ogc/collections/" + enc(id);
      paths.addAll(List.of(base, base + "/items", base + "/items/0"));
    }
    for (String path : paths) {
      assertProblem(http.get(path), 401);
      assertProblem(http.send(bearer(stationAdmin, path)), 403);
    }
    assertThat(ids(new JsonObject(http.get("/ogc/collections").body())))
        .containsExactly("stations");
    assertThat(ids(new JsonObject(http.send(bearer(stationAdmin, "/ogc/collections")).body())))
        .containsExactly("stations", "device-health");
    JsonArray enumIds =
        new JsonObject(http.get("/ogc/api").body())
            .getJsonObject("components")
            .getJsonObject("parameters")
            .getJsonObject("collectionId")
            .getJsonObject("schema")
            .getJsonArray("enum");
    assertThat(enumIds.getList()).containsExactly("stations");
    JsonArray plannerEnum =
        planner("/ogc/api")
            .getJsonObject("components")
            .getJsonObject("parameters")
            .getJsonObject("collectionId")
            .getJsonObject("schema")
            .getJsonArray("enum");
    assertThat(plannerEnum.getList()).contains(DEMAND_ID, "candidates-sites", "scenario-plan A");
    HttpResponse<String> superAdmin = http.send(http.admin("/ogc/collections"));
    assertThat(ids(new JsonObject(superAdmin.body())))
        .containsExactly(
            "stations", "device-health", DEMAND_ID, "candidates-sites", "scenario-plan A");
  }

  /**
   * GDAL's OAPIF driver reads a planning collection with a planner's token in a header, and lists
   * none of them without it. Skipped when GDAL is absent and {@code YIZHAN_TEST_REQUIRE_GDAL} is
   * not set.
   */
  @Test
  void gdalReadsTheDemandSetWithAPlannersToken() throws Exception {
    boolean present =
        java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":"))
            .anyMatch(d -> !d.isEmpty() && java.nio.file.Files.isExecutable(Path.of(d, "ogrinfo")));
    if (!present && System.getenv("YIZHAN_TEST_REQUIRE_GDAL") != null) {
      org.junit.jupiter.api.Assertions.fail(
          "YIZHAN_TEST_REQUIRE_GDAL is set but ogrinfo is not on the PATH");
    }
    Assumptions.assumeTrue(present, "GDAL's ogrinfo not found: skipped (apt-get install gdal-bin)");
    String source = "OAPIF:http://127.0.0.1:" + server.port() + "/ogc";
    String header = "Authorization: Bearer " + planner;
    String demand =
        ogrinfo("ogrinfo", "-ro", "--config", "GDAL_HTTP_HEADERS", header, source, DEMAND_ID);
    assertThat(demand)
        .as(demand)
        .contains("Geometry: Point")
        .containsPattern("(?m)^weight: Real")
        .containsPattern("(?m)^label: String")
        .contains("label (String) = d-0")
        .contains("label (String) = d-22")
        .contains("POINT (" + lon(22) + " " + lat(22) + ")")
        .contains("weight (Real) = 23");
    assertThat(demand.split("OGRFeature\\(", -1)).hasSize(POINTS + 1);
    String scenario =
        ogrinfo(
            "ogrinfo",
            "-ro",
            "-so",
            "--config",
            "GDAL_HTTP_HEADERS",
            header,
            source,
            "scenario-plan A");
    assertThat(scenario)
        .as(scenario)
        .contains("Feature Count: 2")
        .containsPattern("(?m)^gain: Real");
    String anonymous = ogrinfo("ogrinfo", "-ro", "-so", source);
    assertThat(anonymous).as(anonymous).contains("stations").doesNotContain("demand-");
  }

  /** Runs a GDAL tool; fails the test unless it exits 0 within two minutes. Returns its output. */
  private static String ogrinfo(String... command) throws Exception {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      org.junit.jupiter.api.Assertions.fail(String.join(" ", command) + " did not finish");
    }
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + text).isZero();
    return text;
  }
}
