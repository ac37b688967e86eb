package org.yizhan.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.Server;
import org.yizhan.testing.Http;
import org.yizhan.testing.TestServers;

/**
 * Accounts, sessions, roles and scope against a real server and database: a district admin can
 * neither read nor change another district's stations, devices, alerts or feedback by any admin
 * endpoint, a planner changes nothing, and every write lands in the audit log.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class AccountsScopeIT {

  private static Server server;
  private static Http http;
  private static String tokenA;
  private static String tokenB;
  private static String tokenPlanner;
  private static long alertB;
  private static long feedbackB;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    station("a-1", "太原市", "迎泽区", 112.56, 37.86);
    station("a-2", "太原市", "迎泽区", 112.57, 37.87);
    station("b-1", "大同市", "平城区", 113.30, 40.08);
    device("dev-a-1", "a-1");
    device("dev-b-1", "b-1");
    account("admin-a", "station_admin", new JsonObject().put("districts", List.of("太原市/迎泽区")));
    account("admin-b", "station_admin", new JsonObject().put("stations", List.of("b-1")));
    account("planner", "planner", null);
    tokenA = login("admin-a");
    tokenB = login("admin-b");
    tokenPlanner = login("planner");
    try (Connection c = server.database().dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO alert (kind, station_id, device_id, severity, opened_at, detail)"
                    + " VALUES ('device_offline', ?, ?, 'warning', now(), 'test') RETURNING id")) {
      ps.setString(1, "b-1");
      ps.setString(2, "dev-b-1");
      var rs = ps.executeQuery();
      rs.next();
      alertB = rs.getLong(1);
    }
    HttpResponse<String> fb =
        http.send(
            http.request("/api/v1/stations/b-1/feedback")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"kind\":\"no_water\"}")));
    assertThat(fb.statusCode()).isEqualTo(201);
    feedbackB = new JsonObject(fb.body()).getLong("id");
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private static void station(String id, String city, String district, double lon, double lat)
      throws Exception {
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/stations")
                .header("Content-Type", "application/geo+json")
                .POST(HttpRequest.BodyPublishers.ofString(feature(id, city, district, lon, lat))));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static String feature(String id, String city, String district, double lon, double lat) {
    return new JsonObject()
        .put("type", "Feature")
        .put(
            "geometry", new JsonObject().put("type", "Point").put("coordinates", List.of(lon, lat)))
        .put(
            "properties",
            new JsonObject()
                .put("id", id)
                .put("name_zh", "驿站 " + id)
                .put("kind", "urban_rest_station")
                .put("capacity", 10)
                .put("opening_hours", "24/7")
                .put("city", city)
                .put("district", district))
        .encode();
  }

  private static void device(String id, String stationId) throws Exception {
    HttpResponse<String> r =
        post(null, "/api/v1/devices", new JsonObject().put("id", id).put("station_id", stationId));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static void account(String name, String role, JsonObject scope) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("username", name)
            .put("role", role)
            .put("password", name + "-secret-pw");
    if (scope != null) {
      body.put("scope", scope);
    }
    HttpResponse<String> r = post(null, "/api/v1/accounts", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  private static String login(String name) throws Exception {
    HttpResponse<String> r =
        http.send(
            http.request("/api/v1/auth/login")
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        new JsonObject()
                            .put("username", name)
                            .put("password", name + "-secret-pw")
                            .encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Set-Cookie").orElse(""))
        .contains("yz_session=")
        .containsIgnoringCase("HttpOnly")
        .contains("SameSite=Strict");
    return new JsonObject(r.body()).getString("token");
  }

  /** A request as a session (token null: as the admin token). */
  private static HttpRequest.Builder as(String session, String path) {
    return session == null
        ? http.admin(path)
        : http.request(path).header("Authorization", "Bearer " + session);
  }

  private static HttpResponse<String> get(String session, String path) throws Exception {
    return http.send(as(session, path).GET());
  }

  private static HttpResponse<String> post(String session, String path, JsonObject body)
      throws Exception {
    return http.send(
        as(session, path)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static HttpResponse<String> put(String session, String path, JsonObject body)
      throws Exception {
    return http.send(
        as(session, path)
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static List<String> ids(JsonArray a, String field) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      Object v = a.getJsonObject(i).getValue(field);
      out.add(v == null ? null : v.toString());
    }
    return out;
  }

  @Test
  void aDistrictAdminSeesOnlyTheirDevicesAlertsAndFeedback() throws Exception {
    JsonObject devices = new JsonObject(get(tokenA, "/api/v1/devices").body());
    assertThat(ids(devices.getJsonArray("devices"), "id")).containsExactly("dev-a-1");
    assertThat(
            new JsonObject(get(tokenA, "/api/v1/devices?station_id=b-1").body())
                .getJsonArray("devices"))
        .isEmpty();
    JsonObject summary = new JsonObject(get(tokenA, "/api/v1/fleet/summary").body());
    assertThat(summary.getInteger("devices")).isEqualTo(1);
    assertThat(summary.getJsonArray("by_place").encode()).doesNotContain("大同市");
    assertThat(get(tokenA, "/api/v1/fleet/changes").body()).doesNotContain("dev-b-1");
    JsonObject map = new JsonObject(get(tokenA, "/api/v1/fleet/stations").body());
    assertThat(ids(map.getJsonArray("features"), "type")).containsExactly("Feature");
    JsonObject props = map.getJsonArray("features").getJsonObject(0).getJsonObject("properties");
    assertThat(props.getString("id")).isEqualTo("a-1");
    assertThat(props.getString("health")).isEqualTo("never_seen");
    assertThat(props.getJsonObject("devices").getInteger("never_seen")).isEqualTo(1);
    JsonObject mapAll = new JsonObject(get(null, "/api/v1/fleet/stations").body());
    assertThat(mapAll.getJsonArray("features")).hasSize(2);
    assertThat(get(tokenA, "/api/v1/rejections").body()).doesNotContain("dev-b-1");

    JsonObject alerts = new JsonObject(get(tokenA, "/api/v1/alerts").body());
    assertThat(alerts.getJsonArray("alerts")).isEmpty();
    JsonObject alertsB = new JsonObject(get(tokenB, "/api/v1/alerts").body());
    assertThat(ids(alertsB.getJsonArray("alerts"), "id")).containsExactly(Long.toString(alertB));

    JsonObject fb = new JsonObject(get(tokenA, "/api/v1/feedback").body());
    assertThat(fb.getJsonArray("feedback")).isEmpty();
    assertThat(fb.getLong("numberMatched")).isZero();
    assertThat(get(tokenB, "/api/v1/feedback").body()).contains("\"id\":" + feedbackB);
  }

  @Test
  void aDistrictAdminCannotTouchAnotherDistrictByAnyEndpoint() throws Exception {
    assertThat(get(tokenA, "/api/v1/devices/dev-b-1/config").statusCode()).isEqualTo(404);
    assertThat(
            put(tokenA, "/api/v1/devices/dev-b-1/config", new JsonObject().put("interval_s", 30))
                .statusCode())
        .isEqualTo(404);
    HttpResponse<String> provision =
        post(tokenA, "/api/v1/devices", new JsonObject().put("station_id", "b-1"));
    assertThat(provision.statusCode()).isEqualTo(400);
    assertThat(provision.body()).contains("station_id");
    assertThat(
            post(tokenA, "/api/v1/alerts/" + alertB + "/acknowledge", new JsonObject())
                .statusCode())
        .isEqualTo(404);
    assertThat(
            put(
                    tokenA,
                    "/api/v1/feedback/" + feedbackB + "/status",
                    new JsonObject().put("status", "resolved"))
                .statusCode())
        .isEqualTo(404);

    HttpResponse<String> edit =
        http.send(
            as(tokenA, "/api/v1/stations/b-1")
                .header("Content-Type", "application/geo+json")
                .header("If-Match", "\"1\"")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        feature("b-1", "大同市", "平城区", 113.3, 40.08))));
    assertThat(edit.statusCode()).isEqualTo(404);
    HttpResponse<String> close = http.send(as(tokenA, "/api/v1/stations/b-1").DELETE());
    assertThat(close.statusCode()).isEqualTo(404);
    HttpResponse<String> createThere =
        http.send(
            as(tokenA, "/api/v1/stations")
                .header("Content-Type", "application/geo+json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        feature("a-x", "大同市", "平城区", 113.31, 40.09))));
    assertThat(createThere.statusCode()).isEqualTo(403);
    assertThat(createThere.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    HttpResponse<String> moveAway =
        http.send(
            as(tokenA, "/api/v1/stations/a-2")
                .header("Content-Type", "application/geo+json")
                .header("If-Match", "\"1\"")
                .PUT(
                    HttpRequest.BodyPublishers.ofString(
                        feature("a-2", "大同市", "平城区", 113.3, 40.0))));
    assertThat(moveAway.statusCode()).isEqualTo(403);
    HttpResponse<String> importAll =
        http.send(
            as(tokenA, "/api/v1/stations/import")
                .header("Content-Type", "application/geo+json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"type\":\"FeatureCollection\",\"features\":[]}")));
    assertThat(importAll.statusCode()).isEqualTo(403);
    String export = get(tokenA, "/api/v1/stations/export").body();
    assertThat(export).contains("\"a-1\"").doesNotContain("\"b-1\"");
    assertThat(get(tokenA, "/api/v1/alerts/" + alertB + "/deliveries").statusCode()).isEqualTo(404);
    assertThat(get(tokenA, "/api/v1/webhooks").statusCode()).isEqualTo(403);
    assertThat(get(tokenA, "/api/v1/accounts").statusCode()).isEqualTo(403);
    assertThat(get(tokenA, "/api/v1/audit").statusCode()).isEqualTo(403);
    // and B's things are untouched
    assertThat(new JsonObject(get(null, "/api/v1/alerts").body()).encode())
        .contains("\"acknowledged_by\":null");
  }

  @Test
  void thresholdsAreChangedOnlyWithinScope() throws Exception {
    JsonObject hot = new JsonObject().put("too_hot_c", 28);
    assertThat(get(tokenA, "/api/v1/stations/b-1/thresholds").statusCode()).isEqualTo(404);
    assertThat(put(tokenA, "/api/v1/stations/b-1/thresholds", hot).statusCode()).isEqualTo(404);
    assertThat(http.send(as(tokenA, "/api/v1/stations/b-1/thresholds").DELETE()).statusCode())
        .isEqualTo(404);
    assertThat(put(tokenA, "/api/v1/thresholds", hot).statusCode()).isEqualTo(403);
    assertThat(put(tokenPlanner, "/api/v1/stations/a-1/thresholds", hot).statusCode())
        .isEqualTo(403);
    assertThat(get(tokenPlanner, "/api/v1/thresholds").body()).contains("\"too_hot_c\":30");

    HttpResponse<String> bad =
        put(tokenA, "/api/v1/stations/a-1/thresholds", new JsonObject().put("too_hot_c", 99));
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    assertThat(bad.body()).contains("too_hot_c");

    HttpResponse<String> own = put(tokenA, "/api/v1/stations/a-1/thresholds", hot);
    assertThat(own.statusCode()).as(own.body()).isEqualTo(200);
    JsonObject body = new JsonObject(own.body());
    assertThat(body.getJsonObject("effective").getDouble("too_hot_c")).isEqualTo(28.0);
    assertThat(body.getJsonObject("overrides").getValue("too_cold_c")).isNull();
    assertThat(body.getJsonObject("effective").getDouble("too_cold_c")).isEqualTo(12.0);
    assertThat(get(null, "/api/v1/audit?limit=20").body())
        .contains("thresholds.station.update")
        .contains("admin-a");
    HttpResponse<String> gone = http.send(as(tokenA, "/api/v1/stations/a-1/thresholds").DELETE());
    assertThat(gone.statusCode()).isEqualTo(200);
    assertThat(new JsonObject(gone.body()).getJsonObject("effective").getDouble("too_hot_c"))
        .isEqualTo(30.0);
  }

  @Test
  void aPlannerReadsButChangesNothing() throws Exception {
    assertThat(get(tokenPlanner, "/api/v1/stations/export").body())
        .contains("\"a-1\"")
        .contains("\"b-1\"");
    assertThat(get(tokenPlanner, "/api/v1/devices").statusCode()).isEqualTo(403);
    assertThat(get(tokenPlanner, "/api/v1/alerts").statusCode()).isEqualTo(403);
    HttpResponse<String> close = http.send(as(tokenPlanner, "/api/v1/stations/a-1").DELETE());
    assertThat(close.statusCode()).isEqualTo(403);
    assertThat(get(tokenPlanner, "/api/v1/auth/me").body()).contains("\"role\":\"planner\"");
  }

  @Test
  void writesAreAuditedWithBeforeAndAfter() throws Exception {
    HttpResponse<String> changed =
        put(
            tokenA,
            "/api/v1/devices/dev-a-1/config",
            new JsonObject().put("interval_s", 120).put("occupancy_report", "periodic"));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    JsonObject log =
        new JsonObject(get(null, "/api/v1/audit?target_type=device&target_id=dev-a-1").body());
    JsonObject entry =
        log.getJsonArray("entries").stream()
            .map(JsonObject.class::cast)
            .filter(e -> e.getString("action").equals("device.config"))
            .findFirst()
            .orElseThrow();
    assertThat(entry.getString("actor")).isEqualTo("admin-a");
    assertThat(entry.getString("station_id")).isEqualTo("a-1");
    assertThat(entry.getJsonObject("after").encode()).contains("\"interval_s\":120");
    assertThat(entry.getJsonObject("before").encode())
        .contains("\"interval_s\"")
        .doesNotContain("\"interval_s\":120");
    JsonObject provisions =
        new JsonObject(get(null, "/api/v1/audit?actor=admin-token&target_type=device").body());
    assertThat(provisions.encode()).contains("device.provision").doesNotContain("secret");
  }

  @Test
  void wrongPasswordsAreRefusedAlikeAndThrottled() throws Exception {
    JsonObject wrong =
        new JsonObject().put("username", "planner").put("password", "not-the-password");
    JsonObject unknown =
        new JsonObject().put("username", "nobody").put("password", "not-the-password");
    HttpResponse<String> w = post("x.y.z", "/api/v1/auth/login", wrong);
    HttpResponse<String> u = post("x.y.z", "/api/v1/auth/login", unknown);
    assertThat(w.statusCode()).isEqualTo(401);
    assertThat(u.statusCode()).isEqualTo(401);
    assertThat(new JsonObject(w.body()).getString("detail"))
        .isEqualTo(new JsonObject(u.body()).getString("detail"));
    JsonObject target =
        new JsonObject().put("username", "throttled").put("password", "guess-guess-guess");
    int status = 0;
    HttpResponse<String> last = null;
    for (int i = 0; i < 12 && status != 429; i++) {
      last = post("x.y.z", "/api/v1/auth/login", target);
      status = last.statusCode();
    }
    assertThat(status).isEqualTo(429);
    assertThat(last.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void sessionsEndWithAPasswordChangeOrADisabledAccount() throws Exception {
    account("temp", "station_admin", new JsonObject().put("stations", List.of("a-1")));
    String first = login("temp");
    assertThat(get(first, "/api/v1/auth/me").statusCode()).isEqualTo(200);
    String other = login("temp");
    HttpResponse<String> changed =
        put(
            first,
            "/api/v1/auth/password",
            new JsonObject()
                .put("current_password", "temp-secret-pw")
                .put("new_password", "a-much-better-pw"));
    assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
    assertThat(get(first, "/api/v1/auth/me").statusCode()).isEqualTo(200);
    assertThat(get(other, "/api/v1/auth/me").statusCode()).isEqualTo(401);
    HttpResponse<String> relog =
        post(
            "x.y.z",
            "/api/v1/auth/login",
            new JsonObject().put("username", "temp").put("password", "a-much-better-pw"));
    assertThat(relog.statusCode()).isEqualTo(200);
    String second = new JsonObject(relog.body()).getString("token");
    assertThat(
            put(null, "/api/v1/accounts/temp", new JsonObject().put("disabled", true)).statusCode())
        .isEqualTo(200);
    assertThat(get(second, "/api/v1/auth/me").statusCode()).isEqualTo(401);
    assertThat(get(first, "/api/v1/auth/me").statusCode()).isEqualTo(401);
    assertThat(get("forged.token.value", "/api/v1/devices").statusCode()).isEqualTo(401);
  }

  @Test
  void theConsoleCookieWorksAndCrossSiteWritesAreRefused() throws Exception {
    HttpResponse<String> viaCookie =
        http.send(http.request("/api/v1/devices").header("Cookie", "yz_session=" + tokenA).GET());
    assertThat(viaCookie.statusCode()).isEqualTo(200);
    HttpResponse<String> crossSite =
        http.send(
            http.request("/api/v1/feedback/" + feedbackB + "/status")
                .header("Cookie", "yz_session=" + tokenB)
                .header("Origin", "https://evil.example")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"dismissed\"}")));
    assertThat(crossSite.statusCode()).isEqualTo(403);
  }
}
