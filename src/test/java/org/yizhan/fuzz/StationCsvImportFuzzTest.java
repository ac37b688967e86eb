package org.yizhan.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yizhan.station.StationImport;

/**
 * Verifies that any CSV import file is either read into storable stations that export and import
 * back unchanged, or refused with violations by row; never another exception.
 */
class StationCsvImportFuzzTest {

  static Stream<Arguments> examples() {
    return Stream.of(
            ImportedStations.csv(ImportedStations.demo()),
            "name_zh,kind,lat,lon,capacity,opening_hours,star_rating\n"
                + "好,urban_rest_station,37,112,5,24/7,\n"
                + ",urban_rest_station,37,north,5,Mo-Fr 08:00-18:00,6\n",
            "name_zh,kind,lat,lon,capacity,opening_hours,amenities,photo_url\n"
                + "\"驿站, 东\",urban_rest_station,37.5,112.5,8,\"Mo-Su 06:00-22:00\","
                + "toilet;water,/photos/a.jpg\n")
        .map(csv -> Arguments.argumentSet("csv", (Object) csv.getBytes(StandardCharsets.UTF_8)));
  }

  @MethodSource("examples")
  @FuzzTest
  void fileIsImportedOrRefused(byte[] input) {
    ImportedStations.check(
        StationImport.Format.CSV, new String(input, StandardCharsets.UTF_8), ImportedStations::csv);
  }
}
