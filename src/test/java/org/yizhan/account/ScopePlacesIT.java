package org.yizhan.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
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

/**
 * A station admin's scope names cities and districts as the stations spell them, on a real server
 * and database: the choices are listed, a scope naming a place no station is in is refused by entry
 * with the likely meant spelling, and a stored scope whose place has gone is flagged.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ScopePlacesIT {

  private static Server server;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start(Optional.empty());
    http = new Http(server.port());
    station("sp-ty", "太原", "迎泽区", 112.56, 37.86);
    station("sp-ty-2", "太原", "小店区", 112.57, 37.80);
    station("sp-dt", "大同", "平城区", 113.30, 40.08);
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Verifies that the scope choices are the stations' cities, each with its districts. */
  @Test
  void theChoicesAreTheCitiesAndDistrictsTheStationsName() throws Exception {
    HttpResponse<String> r = http.get("/api/v1/accounts/scope-places");
    assertThat(r.statusCode()).as("without a log-in").isEqualTo(401);
    r = http.send(http.admin("/api/v1/accounts/scope-places").GET());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonArray cities = new JsonObject(r.body()).getJsonArray("cities");
    assertThat(cities.stream().map(c -> ((JsonObject) c).getString("city"))).contains("太原", "大同");
    JsonObject taiyuan =
        cities.stream()
            .map(JsonObject.class::cast)
            .filter(c -> c.getString("city").equals("太原"))
            .findFirst()
            .orElseThrow();
    assertThat(taiyuan.getJsonArray("districts").getList()).containsExactly("小店区", "迎泽区");
  }

  /** Verifies that "太原市/迎泽区" is refused by entry, suggesting "太原/迎泽区". */
  @Test
  void aDistrictSpelledUnlikeTheDataIsRefusedWithTheMatch() throws Exception {
    HttpResponse<String> r =
        createAdmin("sp-wrong-d", new JsonObject().put("districts", List.of("太原市/迎泽区")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonObject e = new JsonObject(r.body()).getJsonArray("errors").getJsonObject(0);
    assertThat(e.getString("field")).isEqualTo("scope.districts[0]");
    assertThat(e.getString("reason")).contains("太原/迎泽区");
  }

  /**
   * Verifies that a city spelled with 市 is refused with the bare name, and nonsense without one.
   */
  @Test
  void aCityNoStationIsInIsRefused() throws Exception {
    HttpResponse<String> r =
        createAdmin("sp-wrong-c", new JsonObject().put("cities", List.of("大同", "太原市", "火星")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    JsonArray errors = new JsonObject(r.body()).getJsonArray("errors");
    assertThat(errors.size()).isEqualTo(2);
    assertThat(errors.getJsonObject(0).getString("field")).isEqualTo("scope.cities[1]");
    assertThat(errors.getJsonObject(0).getString("reason")).contains("'太原'");
    assertThat(errors.getJsonObject(1).getString("field")).isEqualTo("scope.cities[2]");
    assertThat(errors.getJsonObject(1).getString("reason")).doesNotContain("did you mean");
  }

  /** Verifies that a scope naming places as the data does is stored and covers its stations. */
  @Test
  void aScopeNamingExistingPlacesIsStored() throws Exception {
    HttpResponse<String> r =
        createAdmin(
            "sp-right",
            new JsonObject().put("districts", List.of("太原/迎泽区")).put("cities", List.of("大同")));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
  }

  /** Verifies that an account whose city no station is in any more is listed with a warning. */
  @Test
  void aStoredScopeWhosePlaceHasGoneIsFlaggedInTheList() throws Exception {
    station("sp-gone", "忻州", "忻府区", 112.73, 38.42);
    assertThat(
            createAdmin("sp-gone-admin", new JsonObject().put("cities", List.of("忻州")))
                .statusCode())
        .isEqualTo(201);
    HttpResponse<String> got = http.get("/api/v1/stations/sp-gone");
    JsonObject feature = new JsonObject(got.body());
    feature.getJsonObject("properties").put("city", "忻州市");
    HttpResponse<String> moved =
        http.send(
            http.admin("/api/v1/stations/sp-gone")
                .header("Content-Type", "application/geo+json")
                .header("If-Match", got.headers().firstValue("ETag").orElseThrow())
                .PUT(HttpRequest.BodyPublishers.ofString(feature.encode())));
    assertThat(moved.statusCode()).as(moved.body()).isEqualTo(200);
    HttpResponse<String> list = http.send(http.admin("/api/v1/accounts").GET());
    assertThat(list.statusCode()).isEqualTo(200);
    JsonObject account =
        new JsonObject(list.body())
            .getJsonArray("accounts").stream()
                .map(JsonObject.class::cast)
                .filter(a -> a.getString("username").equals("sp-gone-admin"))
                .findFirst()
                .orElseThrow();
    JsonArray warnings = account.getJsonArray("scope_warnings");
    assertThat(warnings.size()).as(account.encode()).isEqualTo(1);
    assertThat(warnings.getJsonObject(0).getString("value")).isEqualTo("忻州");
    assertThat(warnings.getJsonObject(0).getString("detail")).contains("忻州市");
  }

  private static HttpResponse<String> createAdmin(String name, JsonObject scope) throws Exception {
    JsonObject body =
        new JsonObject()
            .put("username", name)
            .put("role", "station_admin")
            .put("password", name + "-secret-pw")
            .put("scope", scope);
    return http.send(
        http.admin("/api/v1/accounts")
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
  }

  private static void station(String id, String city, String district, double lon, double lat)
      throws Exception {
    http.createStation(
        lon,
        lat,
        new JsonObject()
            .put("id", id)
            .put("name_zh", "驿站 " + id)
            .put("kind", "urban_rest_station")
            .put("capacity", 10)
            .put("opening_hours", "24/7")
            .put("city", city)
            .put("district", district));
  }
}
