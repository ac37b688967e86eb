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
 * A station's English name travels everywhere a station does, on a real server: CSV and GeoJSON
 * import, the station API, the CSV export and the OGC collection; a station without one has none
 * (no made-up translation).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class StationEnglishNameIT {

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

  /** Verifies that name_en from a CSV import shows in the API, the export and the OGC items. */
  @Test
  void anEnglishNameImportedFromCsvShowsInTheApiTheExportAndOgc() throws Exception {
    String csv =
        "id,name_zh,name_en,kind,lat,lon,capacity,opening_hours\n"
            + "en-csv-1,迎泽驿站,Yingze Rest Station,urban_rest_station,37.86,112.56,8,24/7\n"
            + "en-csv-2,小店驿站,,urban_rest_station,37.73,112.56,8,24/7\n";
    HttpResponse<String> r = importFile("text/csv", csv);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

    assertThat(properties("/api/v1/stations/en-csv-1").getString("name_en"))
        .isEqualTo("Yingze Rest Station");
    assertThat(properties("/api/v1/stations/en-csv-2").containsKey("name_en")).isFalse();
    HttpResponse<String> export = http.send(http.admin("/api/v1/stations/export?format=csv").GET());
    assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
    assertThat(export.body()).contains("name_en").contains("Yingze Rest Station");
    assertThat(properties("/ogc/collections/stations/items/en-csv-1").getString("name_en"))
        .isEqualTo("Yingze Rest Station");
  }

  /** Verifies that name_en from a GeoJSON import is stored and answered. */
  @Test
  void anEnglishNameImportedFromGeoJsonIsStored() throws Exception {
    JsonObject fc =
        new JsonObject()
            .put("type", "FeatureCollection")
            .put(
                "features",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("type", "Feature")
                            .put(
                                "geometry",
                                new JsonObject()
                                    .put("type", "Point")
                                    .put("coordinates", new JsonArray().add(112.55).add(37.87)))
                            .put(
                                "properties",
                                new JsonObject()
                                    .put("id", "en-geo-1")
                                    .put("name_zh", "杏花岭驿站")
                                    .put("name_en", "Xinghualing Rest Station")
                                    .put("kind", "urban_rest_station")
                                    .put("capacity", 6)
                                    .put("opening_hours", "24/7"))));
    HttpResponse<String> r = importFile("application/geo+json", fc.encode());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(properties("/api/v1/stations/en-geo-1").getString("name_en"))
        .isEqualTo("Xinghualing Rest Station");
  }

  private static JsonObject properties(String path) throws Exception {
    HttpResponse<String> r = http.get(path);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return new JsonObject(r.body()).getJsonObject("properties");
  }

  private static HttpResponse<String> importFile(String type, String body) throws Exception {
    return http.send(
        http.admin("/api/v1/stations/import")
            .header("Content-Type", type)
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }
}
