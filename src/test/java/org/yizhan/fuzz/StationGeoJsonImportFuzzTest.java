package org.yizhan.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yizhan.station.StationImport;

/**
 * Verifies that any GeoJSON import file is either read into storable stations that export and
 * import back unchanged, or refused with violations by row; never another exception.
 */
class StationGeoJsonImportFuzzTest {

  static Stream<Arguments> examples() {
    return Stream.of(
            ImportedStations.geoJson(ImportedStations.demo()),
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[112.5,37.5]},"
                + "\"properties\":{\"name_zh\":\"驿站\",\"kind\":\"urban_rest_station\","
                + "\"capacity\":8,\"opening_hours\":\"24/7\",\"amenities\":[\"toilet\"],"
                + "\"star_rating\":4,\"photo_url\":\"https://example.cn/a.jpg\"}}]}",
            "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[200,37.5,3]},"
                + "\"properties\":{\"lat\":1,\"capacity\":8.5}},null,[]]}")
        .map(
            json ->
                Arguments.argumentSet("geojson", (Object) json.getBytes(StandardCharsets.UTF_8)));
  }

  @MethodSource("examples")
  @FuzzTest
  void fileIsImportedOrRefused(byte[] input) {
    ImportedStations.check(
        StationImport.Format.GEOJSON,
        new String(input, StandardCharsets.UTF_8),
        ImportedStations::geoJson);
  }
}
