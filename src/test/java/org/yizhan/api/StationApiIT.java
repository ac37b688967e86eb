package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.ChinaToday;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/** The station API over real HTTP against a real PostgreSQL. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class StationApiIT {

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  static JsonObject feature(String id, double lat, double lon, String nameZh) {
    JsonObject props =
        new JsonObject()
            .put("name_zh", nameZh)
            .put("kind", "urban_rest_station")
            .put("capacity", 8)
            .put("amenities", new JsonArray().add("drinking_water").add("meal_heating"))
            .put("opening_hours", "24/7")
            .put("city", "太原");
    if (id != null) {
      props.put("id", id);
    }
    return new JsonObject()
        .put("type", "Feature")
        .put(
            "geometry",
            new JsonObject()
                .put("type", "Point")
                .put("coordinates", new JsonArray().add(lon).add(lat)))
        .put("properties", props);
  }

  private static HttpResponse<String> post(String path, String contentType, String body)
      throws Exception {
    return http.send(
        http.admin(path).header("Content-Type", contentType).POST(BodyPublishers.ofString(body)));
  }

  private static List<String> nearbyIds(String query) throws Exception {
    HttpResponse<String> r = http.get("/api/v1/stations/nearby?" + query);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new JsonObject(r.body())
        .getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")).toList();
  }

  @Test
  void createdStationIsReadableWithEtagAndFoundByTheNextNearbyQuery() throws Exception {
    HttpResponse<String> created =
        post(
            "/api/v1/stations",
            "application/geo+json",
            feature("api-a1", 10.001, 20.001, "甲").encode());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(created.headers().firstValue("ETag")).contains("\"1\"");
    assertThat(created.headers().firstValue("Location")).contains("/api/v1/stations/api-a1");

    HttpResponse<String> got = http.get("/api/v1/stations/api-a1");
    assertThat(got.statusCode()).isEqualTo(200);
    JsonObject f = new JsonObject(got.body());
    assertThat(f.getJsonObject("geometry").getJsonArray("coordinates").getList())
        .containsExactly(20.001, 10.001);
    assertThat(f.getJsonObject("properties").getString("name_zh")).isEqualTo("甲");

    assertThat(nearbyIds("lat=10&lon=20&limit=1")).containsExactly("api-a1");
  }

  @Test
  void createWithoutIdGetsAGeneratedOne() throws Exception {
    HttpResponse<String> created =
        post("/api/v1/stations", "application/json", feature(null, 11, 21, "乙").encode());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = new JsonObject(created.body()).getString("id");
    assertThat(id).startsWith("st-");
    assertThat(http.get("/api/v1/stations/" + id).statusCode()).isEqualTo(200);
  }

  @Test
  void updateNeedsTheCurrentEtagAndLosesNoConcurrentChange() throws Exception {
    post("/api/v1/stations", "application/geo+json", feature("api-u1", 12, 22, "丙").encode());
    JsonObject edit = feature(null, 12.5, 22.5, "丙改");

    HttpResponse<String> noIfMatch =
        http.send(
            http.admin("/api/v1/stations/api-u1")
                .header("Content-Type", "application/geo+json")
                .PUT(BodyPublishers.ofString(edit.encode())));
    assertThat(noIfMatch.statusCode()).isEqualTo(428);

    HttpResponse<String> ok =
        http.send(
            http.admin("/api/v1/stations/api-u1")
                .header("Content-Type", "application/geo+json")
                .header("If-Match", "\"1\"")
                .PUT(BodyPublishers.ofString(edit.encode())));
    assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
    assertThat(ok.headers().firstValue("ETag")).contains("\"2\"");

    HttpResponse<String> stale =
        http.send(
            http.admin("/api/v1/stations/api-u1")
                .header("Content-Type", "application/geo+json")
                .header("If-Match", "\"1\"")
                .PUT(BodyPublishers.ofString(feature(null, 1, 1, "旧").encode())));
    assertThat(stale.statusCode()).isEqualTo(412);
    assertThat(stale.headers().firstValue("Content-Type")).contains("application/problem+json");

    JsonObject now = new JsonObject(http.get("/api/v1/stations/api-u1").body());
    assertThat(now.getJsonObject("properties").getString("name_zh")).isEqualTo("丙改");
    assertThat(nearbyIds("lat=12.5&lon=22.5&limit=1")).containsExactly("api-u1");
  }

  @Test
  void deleteClosesTheStationAndHidesItFromWorkers() throws Exception {
    post("/api/v1/stations", "application/geo+json", feature("api-d1", -40, -60, "丁").encode());
    assertThat(nearbyIds("lat=-40&lon=-60&limit=1")).containsExactly("api-d1");

    HttpResponse<String> del = http.send(http.admin("/api/v1/stations/api-d1").DELETE());
    assertThat(del.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(del.body()).getJsonObject("properties").getString("status"))
        .isEqualTo("closed");
    assertThat(nearbyIds("lat=-40&lon=-60&limit=1")).doesNotContain("api-d1");
    assertThat(http.get("/api/v1/stations/api-d1").statusCode()).isEqualTo(200);
  }

  @Test
  void writesWithoutTheAdminTokenAreRefused() throws Exception {
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/stations")
                .header("Content-Type", "application/geo+json")
                .header("Authorization", "Bearer wrong-token-wrong-token")
                .POST(BodyPublishers.ofString(feature("api-x", 1, 1, "x").encode())));
    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Content-Type")).contains("application/problem+json");
    assertThat(http.get("/api/v1/stations/api-x").statusCode()).isEqualTo(404);
  }

  @Test
  void csvImportWithOneBadRowImportsNothingAndListsEveryBadRow() throws Exception {
    String csv =
        "id,name_zh,kind,lat,lon,capacity,amenities,opening_hours\n"
            + "imp-1,一,urban_rest_station,30.1,100.1,5,drinking_water,24/7\n"
            + "imp-2,二,urban_rest_station,91,100.2,5,,24/7\n"
            + "imp-3,三,spaceship,30.3,100.3,0,jacuzzi,Mo-Xx 8-20\n"
            + "imp-1,四,urban_rest_station,30.4,100.4,5,,24/7\n";
    HttpResponse<String> r = post("/api/v1/stations/import", "text/csv", csv);
    assertThat(r.statusCode()).isEqualTo(400);
    JsonArray errors = new JsonObject(r.body()).getJsonArray("errors");
    List<String> rowFields =
        errors.stream()
            .map(
                e -> ((JsonObject) e).getInteger("row") + ":" + ((JsonObject) e).getString("field"))
            .toList();
    assertThat(rowFields)
        .contains("2:lat", "3:kind", "3:capacity", "3:amenities", "3:opening_hours", "4:id");
    assertThat(http.get("/api/v1/stations/imp-1").statusCode()).isEqualTo(404);
  }

  @Test
  void geoJsonImportCreatesAllStationsAndExportRoundTrips() throws Exception {
    JsonObject fc =
        new JsonObject()
            .put("type", "FeatureCollection")
            .put(
                "features",
                new JsonArray()
                    .add(feature("geo-1", 50.1, 80.1, "一"))
                    .add(feature("geo-2", 50.2, 80.2, "二")));
    HttpResponse<String> r = post("/api/v1/stations/import", "application/geo+json", fc.encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(new JsonObject(r.body()).getInteger("created")).isEqualTo(2);
    assertThat(nearbyIds("lat=50.2&lon=80.2&limit=2")).containsExactly("geo-2", "geo-1");

    HttpResponse<String> csv = http.send(http.admin("/api/v1/stations/export?format=csv").GET());
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.body()).contains("geo-1,一,,urban_rest_station,50.1,80.1");

    // Re-importing the export is accepted and changes nothing but versions.
    HttpResponse<String> again = post("/api/v1/stations/import", "text/csv", csv.body());
    assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
    JsonObject geo1 = new JsonObject(http.get("/api/v1/stations/geo-1").body());
    assertThat(geo1.getJsonObject("properties").getInteger("version")).isEqualTo(2);
    assertThat(geo1.getJsonObject("geometry").getJsonArray("coordinates").getList())
        .containsExactly(80.1, 50.1);
  }

  @Test
  void bboxReturnsOnlyStationsInsideThePagedInIdOrder() throws Exception {
    for (int i = 0; i < 5; i++) {
      post(
          "/api/v1/stations",
          "application/geo+json",
          feature("box-" + i, -20 + i * 0.01, -70, "框").encode());
    }
    post("/api/v1/stations", "application/geo+json", feature("box-out", -21, -70, "外").encode());
    HttpResponse<String> r = http.get("/api/v1/stations?bbox=-70.5,-20.5,-69.5,-19.5&limit=3");
    JsonObject page = new JsonObject(r.body());
    assertThat(page.getInteger("numberMatched")).isEqualTo(5);
    assertThat(page.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")))
        .containsExactly("box-0", "box-1", "box-2");
    String next = page.getJsonArray("links").getJsonObject(0).getString("href");
    JsonObject page2 = new JsonObject(http.get(next).body());
    assertThat(page2.getJsonArray("features").stream().map(f -> ((JsonObject) f).getString("id")))
        .containsExactly("box-3", "box-4");
  }

  @Test
  void clustersCountTheStationsOfAMapCellAndSplitAsTheMapZoomsIn() throws Exception {
    for (int i = 0; i < 3; i++) {
      post(
          "/api/v1/stations",
          "application/geo+json",
          feature("cl-" + i, -40 + i * 0.001, -100, "簇").encode());
    }
    post("/api/v1/stations", "application/geo+json", feature("cl-far", -40, -96, "远").encode());
    String box = "/api/v1/stations/clusters?bbox=-101,-41,-95,-39";
    JsonObject far = new JsonObject(http.get(box + "&zoom=5").body());
    assertThat(far.getInteger("matched")).isEqualTo(4);
    var clusters = far.getJsonArray("clusters");
    assertThat(clusters).hasSize(2);
    JsonObject three = clusters.getJsonObject(0);
    assertThat(three.getInteger("count")).isEqualTo(3);
    assertThat(three.getDouble("lat"))
        .isCloseTo(-39.999, org.assertj.core.api.Assertions.within(1e-5));
    assertThat(three.getJsonArray("bbox").getList())
        .containsExactly(-100.0, -40.0, -100.0, -39.998);
    assertThat(three.containsKey("id")).isFalse();
    assertThat(clusters.getJsonObject(1).getString("id")).isEqualTo("cl-far");

    JsonObject near = new JsonObject(http.get(box + "&zoom=20").body());
    assertThat(near.getJsonArray("clusters")).hasSize(4);

    HttpResponse<String> noZoom = http.get(box);
    assertThat(noZoom.statusCode()).isEqualTo(400);
    assertThat(noZoom.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(noZoom.body()).contains("\"field\":\"zoom\"");
    assertThat(http.get(box + "&zoom=21").statusCode()).isEqualTo(400);

    JsonObject nav = new JsonObject(http.get("/api/v1/stations/cl-far/navigation").body());
    assertThat(nav.getJsonObject("links").getString("geo")).startsWith("geo:-40.000000,-96.000000");
    assertThat(nav.getJsonObject("gcj02"))
        .as("not offset outside China")
        .isEqualTo(nav.getJsonObject("wgs84"));
    assertThat(http.get("/api/v1/stations/no-such/navigation").statusCode()).isEqualTo(404);
  }

  @Test
  void nearbyCarriesDistanceWalkingTimeAndOpenState() throws Exception {
    post("/api/v1/stations", "application/geo+json", feature("near-1", 60, 100, "近").encode());
    JsonObject fc =
        new JsonObject(http.get("/api/v1/stations/nearby?lat=60.001&lon=100&limit=1").body());
    JsonObject p = fc.getJsonArray("features").getJsonObject(0).getJsonObject("properties");
    assertThat(p.getDouble("distance_m")).isBetween(110.0, 113.0);
    assertThat(p.getInteger("walking_time_min")).isEqualTo(2);
    assertThat(p.getString("open_state")).isEqualTo("open");
    assertThat(p.getValue("next_change")).isNull();
  }

  @Test
  void nearbyFiltersByKindHoursAndLiveSeatsAndNamesAnUnknownKind() throws Exception {
    JsonObject allDay = feature("flt-24", 50, 90, "全天");
    JsonObject daytime = feature("flt-day", 50, 90.001, "白天");
    daytime.getJsonObject("properties").put("kind", "drivers_home");
    daytime.getJsonObject("properties").put("opening_hours", "Mo-Su 08:00-18:00");
    post("/api/v1/stations", "application/geo+json", allDay.encode());
    post("/api/v1/stations", "application/geo+json", daytime.encode());
    String at = "lat=50&lon=90&limit=5&radius_m=1000";
    assertThat(nearbyIds(at)).containsExactly("flt-24", "flt-day");
    assertThat(nearbyIds(at + "&kind=drivers_home")).containsExactly("flt-day");
    assertThat(nearbyIds(at + "&kind=drivers_home&kind=urban_rest_station"))
        .containsExactly("flt-24", "flt-day");
    assertThat(nearbyIds(at + "&open_24h=true")).containsExactly("flt-24");
    assertThat(nearbyIds(at + "&free_seats=true"))
        .as("no live count: not known to be free")
        .isEmpty();
    HttpResponse<String> bad = http.get("/api/v1/stations/nearby?" + at + "&kind=palace");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(bad.body()).contains("\"kind\"").contains("palace");
  }

  @Test
  void placesFindCitiesAtTheCentreOfTheirStationsThenStationsByName() throws Exception {
    for (int i = 0; i < 2; i++) {
      JsonObject f = feature("plc-" + i, 45 + i * 0.02, 95, "测试城驿站 " + i);
      f.getJsonObject("properties").put("city", "测试城");
      post("/api/v1/stations", "application/geo+json", f.encode());
    }
    JsonObject found =
        new JsonObject(
            http.get("/api/v1/places?q=" + java.net.URLEncoder.encode("测试城", "UTF-8")).body());
    JsonArray places = found.getJsonArray("places");
    assertThat(places.getJsonObject(0).getString("kind")).isEqualTo("city");
    assertThat(places.getJsonObject(0).getDouble("lat")).isEqualTo(45.01);
    assertThat(places.getJsonObject(1).getString("station_id")).isEqualTo("plc-0");
    HttpResponse<String> missing = http.get("/api/v1/places");
    assertThat(missing.statusCode()).isEqualTo(400);
    assertThat(missing.body()).contains("\"q\"");
  }

  @Test
  void occupancyProfileSetsTodayAgainstTheSameWeekdaysBefore() throws Exception {
    post("/api/v1/stations", "application/geo+json", feature("prof-1", 44, 94, "忙闲").encode());
    java.time.Instant now = ChinaToday.stamp(); // today in China, whatever the wall clock says
    int hour = now.atZone(java.time.ZoneId.of("Asia/Shanghai")).getHour();
    org.yizhan.testing.DayPartitions.cover(
        server.database().dataSource(), now.minus(java.time.Duration.ofDays(14)), now);
    try (var c = server.database().dataSource().getConnection();
        var ps =
            c.prepareStatement(
                "INSERT INTO reading (time, station_id, device_id, seq, occupancy, received_at)"
                    + " VALUES (?, 'prof-1', 'prof-dev', ?, ?, now())")) {
      // today 3 people; one and two weeks ago at the same hour 4 and 6; six days ago 99 (another
      // weekday)
      Object[][] rows = {{0, 3}, {7, 4}, {14, 6}, {6, 99}};
      int seq = 1;
      for (Object[] row : rows) {
        ps.setTimestamp(
            1, java.sql.Timestamp.from(now.minus(java.time.Duration.ofDays((Integer) row[0]))));
        ps.setLong(2, seq++);
        ps.setInt(3, (Integer) row[1]);
        ps.executeUpdate();
      }
    }
    HttpResponse<String> r = http.get("/api/v1/stations/prof-1/occupancy-profile");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject profile = new JsonObject(r.body());
    assertThat(profile.getInteger("capacity")).isEqualTo(8);
    JsonObject h = profile.getJsonArray("hours").getJsonObject(hour);
    assertThat(h.getDouble("today")).isEqualTo(3.0);
    assertThat(h.getDouble("typical")).isEqualTo(5.0);
    assertThat(h.getInteger("typical_days")).isEqualTo(2);
    assertThat(http.get("/api/v1/stations/no-such/occupancy-profile").statusCode()).isEqualTo(404);
  }

  @Test
  void healthEndpointsReportLiveAndReady() throws Exception {
    assertThat(http.get("/health/live").statusCode()).isEqualTo(200);
    HttpResponse<String> ready = http.get("/health/ready");
    assertThat(ready.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(ready.body()).getJsonObject("checks").getString("database"))
        .isEqualTo("UP");
  }

  @Test
  void photoUrlIsStoredAndServedAndAnUnsafeOneIsRefusedNamingTheField() throws Exception {
    JsonObject withPhoto = feature("photo-1", 33, 103, "有照片");
    withPhoto.getJsonObject("properties").put("photo_url", "https://cdn.example.cn/yz/photo-1.jpg");
    HttpResponse<String> created =
        post("/api/v1/stations", "application/geo+json", withPhoto.encode());
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);

    JsonObject got = new JsonObject(http.get("/api/v1/stations/photo-1").body());
    assertThat(got.getJsonObject("properties").getString("photo_url"))
        .isEqualTo("https://cdn.example.cn/yz/photo-1.jpg");
    JsonObject near =
        new JsonObject(
                http.get("/api/v1/stations/nearby?lat=33&lon=103&limit=1&radius_m=1000").body())
            .getJsonArray("features")
            .getJsonObject(0);
    assertThat(near.getString("id")).isEqualTo("photo-1");
    assertThat(near.getJsonObject("properties").getString("photo_url"))
        .isEqualTo("https://cdn.example.cn/yz/photo-1.jpg");

    JsonObject unsafe = feature("photo-2", 33.01, 103, "坏照片");
    unsafe.getJsonObject("properties").put("photo_url", "javascript:alert(1)");
    HttpResponse<String> bad = post("/api/v1/stations", "application/geo+json", unsafe.encode());
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(new JsonObject(bad.body()).getJsonArray("errors").stream())
        .extracting(e -> ((JsonObject) e).getString("field"))
        .containsExactly("photo_url");
    assertThat(http.get("/api/v1/stations/photo-2").statusCode()).isEqualTo(404);
  }
}
