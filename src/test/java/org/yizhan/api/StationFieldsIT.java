package org.yizhan.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
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
 * Station fields over real HTTP on a real server and database: coordinates rounded to 7 decimals,
 * empty optional fields left out, read-only fields accepted and ignored on write, and an import
 * that repeats an id refused by row.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StationFieldsIT {

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

  /** Verifies that coordinates are stored to 7 decimals and empty optional fields are left out. */
  @Test
  void coordinatesAreRoundedToSevenDecimalsAndEmptyOptionalFieldsAreLeftOut() throws Exception {
    http.createStation("sf-round", "取整驿站", 112.123456789, 37.987654321);
    HttpResponse<String> r = http.get("/api/v1/stations/sf-round");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonObject f = new JsonObject(r.body());
    JsonArray at = f.getJsonObject("geometry").getJsonArray("coordinates");
    assertThat(at.getDouble(0)).isEqualTo(112.1234568);
    assertThat(at.getDouble(1)).isEqualTo(37.9876543);
    JsonObject p = f.getJsonObject("properties");
    assertThat(p.fieldNames())
        .doesNotContain(
            "name_en",
            "address",
            "city",
            "district",
            "operator",
            "phone",
            "photo_url",
            "star_rating");
    assertThat(p.getString("name_zh")).isEqualTo("取整驿站");
  }

  /**
   * Verifies that a fetched station sent back with its read-only fields and query extras is
   * accepted, and that those fields are ignored: the server sets version and time itself.
   */
  @Test
  void readOnlyFieldsAreAcceptedAndIgnoredOnWrite() throws Exception {
    http.createStation("sf-ro", "只读驿站", 112.2, 37.9);
    HttpResponse<String> got = http.get("/api/v1/stations/sf-ro");
    JsonObject feature = new JsonObject(got.body());
    JsonObject p = feature.getJsonObject("properties");
    long version = p.getLong("version");
    String updated = p.getString("updated_at");
    p.put("version", 999)
        .put("updated_at", "2001-01-01T00:00:00Z")
        .put("distance_m", 12.5)
        .put("open_state", "closed")
        .put("capacity", 12);
    HttpResponse<String> put =
        http.send(
            http.admin("/api/v1/stations/sf-ro")
                .header("Content-Type", "application/geo+json")
                .header("If-Match", got.headers().firstValue("ETag").orElseThrow())
                .PUT(HttpRequest.BodyPublishers.ofString(feature.encode())));
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    JsonObject after = new JsonObject(http.get("/api/v1/stations/sf-ro").body());
    JsonObject q = after.getJsonObject("properties");
    assertThat(q.getInteger("capacity")).isEqualTo(12);
    assertThat(q.getLong("version")).isEqualTo(version + 1);
    assertThat(q.getString("updated_at")).isNotEqualTo("2001-01-01T00:00:00Z");
    assertThat(q.getString("updated_at")).isGreaterThanOrEqualTo(updated);
    assertThat(q.fieldNames()).doesNotContain("distance_m");
  }

  /** Verifies that an import repeating an id is refused whole, naming the row and the field. */
  @Test
  void anImportThatRepeatsAnIdIsRefusedByRowAndStoresNothing() throws Exception {
    JsonObject file =
        new JsonObject()
            .put("type", "FeatureCollection")
            .put(
                "features",
                new JsonArray()
                    .add(feature("sf-dup-new", 112.3, 37.7))
                    .add(feature("sf-dup", 112.31, 37.71))
                    .add(feature("sf-dup", 112.32, 37.72)));
    HttpResponse<String> r =
        http.send(
            http.admin("/api/v1/stations/import")
                .header("Content-Type", "application/geo+json")
                .POST(HttpRequest.BodyPublishers.ofString(file.encode())));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonArray errors = new JsonObject(r.body()).getJsonArray("errors");
    assertThat(errors).isNotEmpty();
    JsonObject e = errors.getJsonObject(0);
    assertThat(e.getInteger("row")).isEqualTo(3);
    assertThat(e.getString("field")).isEqualTo("id");
    assertThat(http.get("/api/v1/stations/sf-dup").statusCode()).isEqualTo(404);
    assertThat(http.get("/api/v1/stations/sf-dup-new").statusCode()).isEqualTo(404);
  }

  private static JsonObject feature(String id, double lon, double lat) {
    return new JsonObject()
        .put("type", "Feature")
        .put(
            "geometry",
            new JsonObject()
                .put("type", "Point")
                .put("coordinates", new JsonArray().add(lon).add(lat)))
        .put(
            "properties",
            new JsonObject()
                .put("id", id)
                .put("name_zh", "驿站 " + id)
                .put("kind", "urban_rest_station")
                .put("capacity", 10)
                .put("opening_hours", "24/7"));
  }
}
