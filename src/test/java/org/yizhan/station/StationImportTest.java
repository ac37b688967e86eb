package org.yizhan.station;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.error.DomainException;
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
    DomainException.InvalidInput e =
        catchThrowableOfType(
            DomainException.InvalidInput.class,
            () -> StationImport.parse(StationImport.Format.CSV, csv));
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
    DomainException.InvalidInput e =
        catchThrowableOfType(
            DomainException.InvalidInput.class,
            () -> StationImport.parse(StationImport.Format.CSV, csv));
    assertThat(e.violations())
        .filteredOn(v -> v.row() == 0)
        .extracting(Violation::field)
        .contains("capcity", "lon", "capacity", "opening_hours");
  }

  @Test
  void emptyFileAndNonCollectionAreRefused() {
    assertThat(
            catchThrowableOfType(
                    DomainException.InvalidInput.class,
                    () ->
                        StationImport.parse(
                            StationImport.Format.CSV, String.join(",", StationCsv.COLUMNS) + "\n"))
                .violations())
        .extracting(Violation::field)
        .containsExactly("body");
    assertThat(
            catchThrowableOfType(
                    DomainException.InvalidInput.class,
                    () ->
                        StationImport.parse(StationImport.Format.GEOJSON, "{\"type\":\"Feature\"}"))
                .violations())
        .extracting(Violation::field)
        .containsExactly("features");
  }

  private static Map<String, Object> minimal(Object photoUrl) {
    Map<String, Object> f = new HashMap<>();
    f.put("name_zh", "照片驿站");
    f.put("kind", "urban_rest_station");
    f.put("lat", 37.87);
    f.put("lon", 112.55);
    f.put("capacity", 8);
    f.put("opening_hours", "24/7");
    f.put("photo_url", photoUrl);
    return f;
  }

  @Test
  void photoUrlMayBeAnHttpsUrlOrAPathOnThisServer() {
    for (String ok :
        List.of(
            "https://cdn.example.cn/stations/yz-1.jpg",
            "https://example.cn:8443/p.jpg?v=2#top",
            "/photos/x.jpg")) {
      StationInput.Result r = StationInput.read(minimal(ok), false, null);
      assertThat(r.violations()).as(ok).isEmpty();
      assertThat(r.station().photoUrl()).isEqualTo(ok);
    }
    StationInput.Result none = StationInput.read(minimal(null), false, null);
    assertThat(none.ok()).isTrue();
    assertThat(none.station().photoUrl()).isNull();
    assertThat(StationGeoJson.feature(none.station())).doesNotContain("photo_url");
  }

  @Test
  void unsafeOrOverlongPhotoUrlsAreRefusedNamingTheField() {
    for (Object bad :
        List.of(
            "http://example.cn/x.jpg",
            "javascript:alert(1)",
            "//evil.example/x.jpg",
            "data:image/png;base64,AAAA",
            "https:///x.jpg",
            "https://user:pw@example.cn/x.jpg",
            "photos/x.jpg",
            "/photos/a b.jpg",
            "/\\evil.example/x.jpg",
            "https://example.cn/" + "x".repeat(StationInput.MAX_PHOTO_URL),
            42)) {
      StationInput.Result r = StationInput.read(minimal(bad), false, null);
      assertThat(r.violations())
          .as(String.valueOf(bad))
          .extracting(Violation::field)
          .containsExactly("photo_url");
    }
    assertThat(
            StationInput.read(
                    minimal("https://example.cn/" + "x".repeat(StationInput.MAX_PHOTO_URL)),
                    false,
                    null)
                .violations()
                .get(0)
                .reason())
        .isEqualTo("must be at most 500 characters");
  }

  @Test
  void photoUrlIsInTheSummaryNearbyAnswersCarry() {
    Station s = StationInput.read(minimal("https://cdn.example.cn/yz.jpg"), false, null).station();
    StationGeoJson.Rendered r = StationGeoJson.render(s);
    String summary =
        new String(r.bytes(), 0, r.summaryLength(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(summary).contains("\"photo_url\":\"https://cdn.example.cn/yz.jpg\"");
  }

  @Test
  void csvCarriesThePhotoUrlAndOldFilesWithoutTheColumnStillImport() throws Exception {
    assertThat(StationCsv.COLUMNS.indexOf("photo_url"))
        .isEqualTo(StationCsv.COLUMNS.indexOf("phone") + 1);
    List<Station> demo = DemoNetworkGenerator.shanxi(3).subList(0, 3);
    List<Station> withPhotos =
        List.of(
            withPhoto(demo.get(0), "https://cdn.example.cn/a,b.jpg"),
            withPhoto(demo.get(1), "/photos/x.jpg"),
            demo.get(2));
    StringWriter csv = new StringWriter();
    StationCsv.write(csv, withPhotos);
    assertThat(StationImport.parse(StationImport.Format.CSV, csv.toString())).isEqualTo(withPhotos);

    String old =
        "id,name_zh,kind,lat,lon,capacity,opening_hours,phone\n"
            + "old-1,旧文件驿站,urban_rest_station,37.8,112.5,6,24/7,0351-1234567\n";
    List<Station> back = StationImport.parse(StationImport.Format.CSV, old);
    assertThat(back).hasSize(1);
    assertThat(back.get(0).phone()).isEqualTo("0351-1234567");
    assertThat(back.get(0).photoUrl()).isNull();

    String bad =
        "name_zh,kind,lat,lon,capacity,opening_hours,photo_url\n"
            + "坏,urban_rest_station,37.8,112.5,6,24/7,javascript:alert(1)\n";
    DomainException.InvalidInput e =
        catchThrowableOfType(
            DomainException.InvalidInput.class,
            () -> StationImport.parse(StationImport.Format.CSV, bad));
    assertThat(e.violations())
        .extracting(Violation::row, Violation::field)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "photo_url"));
  }

  private static Station withPhoto(Station s, String url) {
    return new Station(
        s.id(),
        s.nameZh(),
        s.nameEn(),
        s.kind(),
        s.location(),
        s.address(),
        s.city(),
        s.district(),
        s.capacity(),
        s.amenities(),
        s.openingHours(),
        s.operator(),
        s.phone(),
        url,
        s.status(),
        s.starRating(),
        s.version(),
        s.createdAt(),
        s.updatedAt());
  }
}
