package org.yizhan.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.error.ProblemException;
import org.yizhan.error.Violation;

class StationImportTest {

  @Test
  void csvExportOfTheDemoNetworkImportsBackToEqualStations() throws Exception {
    List<Station> demo = DemoNetworkGenerator.shanxi(1);
    StringWriter csv = new StringWriter();
    StationCsv.write(csv, demo);
    List<Station> back = StationImport.parse(StationImport.Format.CSV, csv.toString());
    assertThat(back).hasSize(demo.size());
    for (int i = 0; i < demo.size(); i++) {
      assertThat(back.get(i)).isEqualTo(demo.get(i));
    }
  }

  @Test
  void geoJsonExportImportsBackToEqualStations() {
    List<Station> demo = DemoNetworkGenerator.shanxi(2).subList(0, 200);
    StringBuilder fc = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
    for (int i = 0; i < demo.size(); i++) {
      fc.append(i == 0 ? "" : ",").append(StationGeoJson.feature(demo.get(i)));
    }
    List<Station> back =
        StationImport.parse(StationImport.Format.GEOJSON, fc.append("]}").toString());
    assertThat(back).isEqualTo(demo);
  }

  @Test
  void everyBadRowIsReportedWithItsNumberAndField() {
    String csv =
        "name_zh,kind,lat,lon,capacity,opening_hours,star_rating\n"
            + "好,urban_rest_station,37,112,5,24/7,\n"
            + ",urban_rest_station,37,112,5,24/7,\n"
            + "坏,urban_rest_station,37,north,5,24/7,6\n"
            + "好,urban_rest_station,37,112,5,24/7\n";
    ProblemException e =
        catchThrowableOfType(
            ProblemException.class, () -> StationImport.parse(StationImport.Format.CSV, csv));
    assertThat(e.violations())
        .extracting(Violation::row, Violation::field)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(2, "name_zh"),
            org.assertj.core.groups.Tuple.tuple(3, "lon"),
            org.assertj.core.groups.Tuple.tuple(3, "star_rating"),
            org.assertj.core.groups.Tuple.tuple(4, "row"));
  }

  @Test
  void missingRequiredColumnsAndUnknownColumnsAreReportedAtRowZero() {
    String csv = "name_zh,kind,lat,capcity\n好,urban_rest_station,37,5\n";
    ProblemException e =
        catchThrowableOfType(
            ProblemException.class, () -> StationImport.parse(StationImport.Format.CSV, csv));
    assertThat(e.violations())
        .filteredOn(v -> v.row() == 0)
        .extracting(Violation::field)
        .contains("capcity", "lon", "capacity", "opening_hours");
  }

  @Test
  void emptyFileAndNonCollectionAreRefused() {
    assertThat(
            catchThrowableOfType(
                    ProblemException.class,
                    () ->
                        StationImport.parse(
                            StationImport.Format.CSV, String.join(",", StationCsv.COLUMNS) + "\n"))
                .violations())
        .extracting(Violation::field)
        .containsExactly("body");
    assertThat(
            catchThrowableOfType(
                    ProblemException.class,
                    () ->
                        StationImport.parse(StationImport.Format.GEOJSON, "{\"type\":\"Feature\"}"))
                .violations())
        .extracting(Violation::field)
        .containsExactly("features");
  }
}
