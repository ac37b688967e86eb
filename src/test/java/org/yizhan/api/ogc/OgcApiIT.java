package org.yizhan.api.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Verifies OGC API - Features under {@code /ogc} over real HTTP against a real server and
 * PostgreSQL: every endpoint in JSON and HTML, paging, the error answers and the admin-only device
 * health collection.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OgcApiIT {

  static final String CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
  private static final int GRID = 5; // 25 stations on a grid near Taiyuan

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    for (int i = 0; i < GRID; i++) {
      for (int j = 0; j < GRID; j++) {
        http.createStation(
            String.format("og-%d-%d", i, j), "站" + i + j, 112.5 + i * 0.01, 37.8 + j * 0.01);
      }
    }
    http.createStation("og-html", "<b>甲&乙</b>", 113.5, 38.5);
    publish("og-0-0", Instant.now(), 3);
    publish("og-1-1", Instant.now().minus(10, ChronoUnit.MINUTES), 4);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!occupancyKnown("og-0-0") || !occupancyKnown("og-1-1")) {
      assertThat(System.nanoTime())
          .as(
              "live values arrive within 20 s: %s %s",
              http.get("/ogc/collections/stations/items/og-0-0").body(),
              http.get("/api/v1/stations/og-1-1").body()
                  + http.send(http.admin("/api/v1/rejections")).body())
          .isLessThan(deadline);
      Thread.sleep(100);
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  /**
   * A reading from a new device (interval 60 s) at a station, measured at {@code ts}; an old one is
   * sent as a batch, as a device sends what it buffered.
   */
  private static void publish(String station, Instant ts, int occupancy) throws Exception {
    JsonObject d = http.provisionDevice(station, 60);
    MqttClient c =
        new MqttClient(
            "tcp://127.0.0.1:" + server.config().mqtt().port(),
            d.getString("id") + "-c",
            new MemoryPersistence());
    MqttConnectOptions o = new MqttConnectOptions();
    o.setUserName(d.getString("id"));
    o.setPassword(d.getString("secret").toCharArray());
    o.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    c.connect(o);
    String body =
        "{\"seq\":1,\"ts\":\""
            + ts.truncatedTo(ChronoUnit.SECONDS)
            + "\",\"occupancy\":"
            + occupancy
            + ",\"temperature_c\":24.5}";
    if (ts.isBefore(Instant.now().minusSeconds(60))) {
      body = "{\"readings\":[" + body + "]}"; // sent late from the device's buffer: backfill
    }
    MqttMessage m = new MqttMessage(body.getBytes(StandardCharsets.UTF_8));
    m.setQos(1);
    c.publish("yz/v1/st/" + station + "/dev/" + d.getString("id") + "/telemetry", m);
    c.disconnect();
    c.close();
  }

  private static boolean occupancyKnown(String id) throws Exception {
    JsonObject p = feature(id).getJsonObject("properties");
    return !"none".equals(p.getString("occupancy_state"));
  }

  private static JsonObject feature(String id) throws Exception {
    HttpResponse<String> r = http.get("/ogc/collections/stations/items/" + id);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static JsonObject json(String path) throws Exception {
    HttpResponse<String> r = http.get(path);
    assertThat(r.statusCode()).as(path + " " + r.body()).isEqualTo(200);
    return new JsonObject(r.body());
  }

  private static String href(JsonArray links, String rel, String type) {
    for (Object o : links) {
      JsonObject l = (JsonObject) o;
      if (l.getString("rel").equals(rel) && (type == null || l.getString("type").equals(type))) {
        return l.getString("href");
      }
    }
    return null;
  }

  /** The path and query of an absolute link of this server. */
  private static String local(String href) {
    String base = "http://127.0.0.1:" + server.port();
    assertThat(href).startsWith(base);
    return href.substring(base.length());
  }

  private static void assertProblem(HttpResponse<String> r, int status, String field) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    JsonObject p = new JsonObject(r.body());
    assertThat(p.getInteger("status")).isEqualTo(status);
    if (field != null) {
      assertThat(r.body()).contains("\"" + field + "\"");
    }
  }

  @Test
  void landingPageLinksToTheDefinitionConformanceAndCollections() throws Exception {
    for (String path : List.of("/ogc", "/ogc/")) {
      HttpResponse<String> r = http.get(path);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).contains("application/json");
      JsonArray links = new JsonObject(r.body()).getJsonArray("links");
      assertThat(local(href(links, "service-desc", null))).isEqualTo("/ogc/api");
      assertThat(local(href(links, "conformance", null))).isEqualTo("/ogc/conformance");
      assertThat(local(href(links, "data", null))).isEqualTo("/ogc/collections");
      assertThat(href(links, "self", null)).isNotNull();
      assertThat(href(links, "alternate", "text/html")).isNotNull();
    }
  }

  @Test
  void conformanceDeclaresCoreGeoJsonHtmlOpenApiAndCrs() throws Exception {
    List<Object> classes = json("/ogc/conformance").getJsonArray("conformsTo").getList();
    assertThat(classes)
        .contains(
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
            "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
            "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs");
  }

  @Test
  void apiIsAnOpenApi30DocumentOfEveryPathWithTheLimitRange() throws Exception {
    HttpResponse<String> r = http.get("/ogc/api");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .contains("application/vnd.oai.openapi+json;version=3.0");
    JsonObject doc = new JsonObject(r.body());
    assertThat(doc.getString("openapi")).startsWith("3.0");
    assertThat(doc.getJsonObject("paths").fieldNames())
        .containsExactlyInAnyOrder(
            "/",
            "/conformance",
            "/api",
            "/collections",
            "/collections/{collectionId}",
            "/collections/{collectionId}/items",
            "/collections/{collectionId}/items/{featureId}");
    JsonObject limit =
        doc.getJsonObject("components")
            .getJsonObject("parameters")
            .getJsonObject("limit")
            .getJsonObject("schema");
    assertThat(limit.getInteger("maximum")).isEqualTo(10_000);
    assertThat(limit.getInteger("default")).isEqualTo(10);
    assertThat(local(doc.getJsonArray("servers").getJsonObject(0).getString("url")))
        .isEqualTo("/ogc");
    assertThat(http.get("/ogc/api?f=html").body()).contains("/collections/{collectionId}/items");
  }

  @Test
  void collectionsListDeviceHealthOnlyToAdmins() throws Exception {
    JsonObject anonymous = json("/ogc/collections");
    assertThat(ids(anonymous)).containsExactly("stations");
    HttpResponse<String> admin = http.send(http.admin("/ogc/collections"));
    assertThat(admin.statusCode()).isEqualTo(200);
    assertThat(ids(new JsonObject(admin.body()))).containsExactly("stations", "device-health");
    HttpResponse<String> badToken =
        http.send(http.request("/ogc/collections").header("Authorization", "Bearer nope"));
    assertProblem(badToken, 401, null);
  }

  private static List<String> ids(JsonObject collections) {
    List<String> out = new ArrayList<>();
    collections.getJsonArray("collections").forEach(c -> out.add(((JsonObject) c).getString("id")));
    return out;
  }

  @Test
  void stationsCollectionHasItsExtentCrsAndItemsLinks() throws Exception {
    JsonObject c = json("/ogc/collections/stations");
    assertThat(c.getString("id")).isEqualTo("stations");
    assertThat(c.getJsonArray("crs").getList()).containsExactly(CRS84);
    JsonArray bbox =
        c.getJsonObject("extent").getJsonObject("spatial").getJsonArray("bbox").getJsonArray(0);
    assertThat(bbox.getList()).containsExactly(112.5, 37.8, 113.5, 38.5);
    assertThat(local(href(c.getJsonArray("links"), "items", "application/geo+json")))
        .startsWith("/ogc/collections/stations/items");
    assertProblem(http.get("/ogc/collections/nothing"), 404, null);
    assertProblem(http.get("/ogc/collections/nothing/items"), 404, null);
  }

  @Test
  void itemsAreCrs84PointsWithRegistryFieldsOpenStateAndLiveValues() throws Exception {
    HttpResponse<String> r = http.get("/ogc/collections/stations/items?limit=100");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/geo+json");
    assertThat(r.headers().firstValue("Content-Crs")).contains("<" + CRS84 + ">");
    JsonObject fc = new JsonObject(r.body());
    assertThat(fc.getString("type")).isEqualTo("FeatureCollection");
    assertThat(fc.getInteger("numberMatched")).isEqualTo(GRID * GRID + 1);
    assertThat(fc.getInteger("numberReturned")).isEqualTo(GRID * GRID + 1);
    assertThat(Instant.parse(fc.getString("timeStamp"))).isCloseTo(Instant.now(), within());
    Set<String> keys = null;
    for (Object o : fc.getJsonArray("features")) {
      JsonObject f = (JsonObject) o;
      Set<String> k = f.getJsonObject("properties").fieldNames();
      assertThat(k).as("every feature has the same properties").isEqualTo(keys == null ? k : keys);
      keys = new HashSet<>(k);
    }
    JsonObject live = feature("og-0-0");
    assertThat(live.getJsonObject("geometry").getJsonArray("coordinates").getList())
        .containsExactly(112.5, 37.8);
    JsonObject p = live.getJsonObject("properties");
    assertThat(p.getString("name_zh")).isEqualTo("站00");
    assertThat(p.getInteger("capacity")).isEqualTo(10);
    assertThat(p.getString("open_state")).isEqualTo("open");
    assertThat(p.getInteger("occupancy")).isEqualTo(3);
    assertThat(p.getString("occupancy_state")).isEqualTo("current");
    assertThat(p.getInteger("free_seats")).isEqualTo(7);
    assertThat(p.getLong("occupancy_age_s")).isBetween(0L, 60L);
    assertThat(p.getString("occupancy_at")).isNotNull();

    JsonObject stale = feature("og-1-1").getJsonObject("properties");
    assertThat(stale.getValue("occupancy")).as("a stale value is never current").isNull();
    assertThat(stale.getString("occupancy_state")).isEqualTo("stale");
    assertThat(stale.getInteger("occupancy_last_known")).isEqualTo(4);
    assertThat(stale.getValue("free_seats")).isNull();
    assertThat(stale.getLong("occupancy_age_s")).isGreaterThanOrEqualTo(600L);

    JsonObject none = feature("og-2-2").getJsonObject("properties");
    assertThat(none.getString("occupancy_state")).isEqualTo("none");
    assertThat(none.containsKey("occupancy")).isTrue();
  }

  private static org.assertj.core.data.TemporalUnitOffset within() {
    return new org.assertj.core.data.TemporalUnitWithinOffset(60, ChronoUnit.SECONDS);
  }

  @Test
  void bboxSelectsAndNextAndPrevLinksPageThroughEveryFeatureOnce() throws Exception {
    // columns i = 1..3, rows j = 0..4 -> 15 stations
    String box = "112.505,37.79,112.535,37.85";
    JsonObject first = json("/ogc/collections/stations/items?bbox=" + box + "&limit=4");
    assertThat(first.getInteger("numberMatched")).isEqualTo(15);
    assertThat(first.getInteger("numberReturned")).isEqualTo(4);
    assertThat(href(first.getJsonArray("links"), "prev", null)).isNull();
    assertThat(local(href(first.getJsonArray("links"), "collection", null)))
        .isEqualTo("/ogc/collections/stations");
    List<String> seen = new ArrayList<>();
    JsonObject page = first;
    String prev = null;
    int pages = 0;
    while (true) {
      pages++;
      page.getJsonArray("features").forEach(f -> seen.add(((JsonObject) f).getString("id")));
      String next = href(page.getJsonArray("links"), "next", "application/geo+json");
      if (next == null) {
        break;
      }
      prev = next;
      page = json(local(next));
      assertThat(local(href(page.getJsonArray("links"), "prev", null))).isNotNull();
    }
    assertThat(pages).isEqualTo(4);
    assertThat(seen).hasSize(15).doesNotHaveDuplicates().allMatch(id -> !id.startsWith("og-0-"));
    assertThat(prev).isNotNull();
    JsonObject back = json(local(href(page.getJsonArray("links"), "prev", null)));
    assertThat(back.getJsonArray("features").getJsonObject(0).getString("id"))
        .isEqualTo(seen.get(8));
  }

  @Test
  void badParametersAreRefusedWithAProblemNamingThem() throws Exception {
    String items = "/ogc/collections/stations/items";
    for (String bad :
        List.of("1,2,3", "a,b,c,d", "10,10,5,20", "10,20,30,10", "200,0,210,10", "1,2,3,4,5,6")) {
      assertProblem(http.get(items + "?bbox=" + bad), 400, "bbox");
    }
    for (String bad : List.of("0", "10001", "-1", "x")) {
      assertProblem(http.get(items + "?limit=" + bad), 400, "limit");
    }
    assertProblem(http.get(items + "?offset=-1"), 400, "offset");
    assertProblem(http.get(items + "?color=red"), 400, "color");
    assertProblem(http.get(items + "?f=xml"), 400, "f");
    assertProblem(http.get(items + "?crs=http://www.opengis.net/def/crs/EPSG/0/4326"), 400, "crs");
    assertProblem(http.get(items + "?datetime=yesterday"), 400, "datetime");
    assertProblem(http.get("/ogc/conformance?x=1"), 400, "x");
    assertThat(http.get("/ogc/conformance?_=1733380000000").statusCode()).isEqualTo(200);
    assertThat(
            http.get(items + "?limit=10000&crs=" + CRS84 + "&datetime=2026-01-01T00:00:00Z/..")
                .statusCode())
        .isEqualTo(200);
  }

  @Test
  void featureByIdAnswersAndAnUnknownIdIsAProblem() throws Exception {
    JsonObject f = feature("og-3-4");
    assertThat(f.getString("id")).isEqualTo("og-3-4");
    assertThat(local(href(f.getJsonArray("links"), "collection", null)))
        .isEqualTo("/ogc/collections/stations");
    assertProblem(http.get("/ogc/collections/stations/items/no-such"), 404, null);
  }

  @Test
  void htmlPagesLinkLandingToCollectionsToItemsToAFeatureWithTextEscaped() throws Exception {
    HttpResponse<String> landing =
        http.send(http.request("/ogc").header("Accept", "text/html,application/xhtml+xml"));
    assertThat(landing.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(landing.body())
        .contains("href=\"http://127.0.0.1:" + server.port() + "/ogc/collections\"");
    String collections = http.get("/ogc/collections?f=html").body();
    assertThat(collections).contains("href=\"/ogc/collections/stations/items?f=html\"");
    String items = http.get("/ogc/collections/stations/items?f=html&limit=100").body();
    assertThat(items)
        .contains("href=\"/ogc/collections/stations/items/og-html?f=html\"")
        .contains("&lt;b&gt;甲&amp;乙&lt;/b&gt;")
        .doesNotContain("<b>甲");
    String feature = http.get("/ogc/collections/stations/items/og-html?f=html").body();
    assertThat(feature).contains("&lt;b&gt;甲&amp;乙&lt;/b&gt;").contains("<!DOCTYPE html>");
    assertThat(http.get("/ogc/conformance?f=html").body()).contains("conf/core");
    assertThat(http.get("/ogc/collections/stations?f=html").body()).contains("Rest stations");
  }

  @Test
  void deviceHealthIsForAdminsOnly() throws Exception {
    String base = "/ogc/collections/device-health";
    for (String path : List.of(base, base + "/items", base + "/items/og-0-0")) {
      assertProblem(http.get(path), 401, null);
    }
    HttpResponse<String> r = http.send(http.admin(base + "/items?limit=100"));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject fc = new JsonObject(r.body());
    assertThat(fc.getInteger("numberMatched")).isEqualTo(2);
    List<String> ids = new ArrayList<>();
    fc.getJsonArray("features").forEach(f -> ids.add(((JsonObject) f).getString("id")));
    assertThat(ids).containsExactly("og-0-0", "og-1-1");
    HttpResponse<String> one = http.send(http.admin(base + "/items/og-0-0"));
    assertThat(one.statusCode()).as(one.body()).isEqualTo(200);
    JsonObject p = new JsonObject(one.body()).getJsonObject("properties");
    assertThat(
            p.getInteger("devices_online")
                + p.getInteger("devices_late")
                + p.getInteger("devices_offline")
                + p.getInteger("devices_never_seen"))
        .isEqualTo(1);
    assertProblem(http.send(http.admin(base + "/items/og-2-2")), 404, null);
  }

  @Test
  void deviceHealthKeepsToAStationAdminsScopeAndRefusesPlanners() throws Exception {
    String admin =
        session("og-admin", "station_admin", new JsonObject().put("stations", List.of("og-0-0")));
    String planner = session("og-planner", "planner", null);
    String base = "/ogc/collections/device-health";
    HttpResponse<String> mine = http.send(bearer(admin, base + "/items"));
    assertThat(mine.statusCode()).as(mine.body()).isEqualTo(200);
    JsonObject fc = new JsonObject(mine.body());
    assertThat(fc.getInteger("numberMatched")).isEqualTo(1);
    assertThat(fc.getJsonArray("features").getJsonObject(0).getString("id")).isEqualTo("og-0-0");
    assertProblem(http.send(bearer(admin, base + "/items/og-1-1")), 404, null);
    assertThat(ids(new JsonObject(http.send(bearer(admin, "/ogc/collections")).body())))
        .containsExactly("stations", "device-health");

    assertProblem(http.send(bearer(planner, base + "/items")), 403, null);
    assertThat(ids(new JsonObject(http.send(bearer(planner, "/ogc/collections")).body())))
        .containsExactly("stations");
  }

  private static java.net.http.HttpRequest.Builder bearer(String token, String path) {
    return http.request(path).header("Authorization", "Bearer " + token);
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
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.encode())));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    HttpResponse<String> login =
        http.send(
            http.request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .POST(
                    java.net.http.HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", name)
                            .put("password", name + "-secret-pw")
                            .encode())));
    assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
    return new JsonObject(login.body()).getString("token");
  }
}
