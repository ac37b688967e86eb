package org.yizhan.fuzz;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;
import org.yizhan.station.Station;
import org.yizhan.station.StationCsv;
import org.yizhan.station.StationGeoJson;
import org.yizhan.station.StationImport;

/**
 * The property both import fuzz targets check: a file is either read into stations PostgreSQL can
 * store, which export and import back unchanged, or refused with a {@link
 * DomainException.InvalidInput} listing violations by row; never another exception.
 */
final class ImportedStations {

  private ImportedStations() {}

  /** A few demo stations, the seeds' starting point. */
  static List<Station> demo() {
    return DemoNetworkGenerator.shanxi(7).subList(0, 3);
  }

  static String csv(List<Station> stations) {
    StringWriter out = new StringWriter();
    try {
      StationCsv.write(out, stations);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  static String geoJson(List<Station> stations) {
    StringBuilder fc = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
    for (int i = 0; i < stations.size(); i++) {
      fc.append(i == 0 ? "" : ",").append(StationGeoJson.feature(stations.get(i)));
    }
    return fc.append("]}").toString();
  }

  /** Imports {@code body} and checks the outcome; {@code export} writes stations back. */
  static void check(
      StationImport.Format format, String body, Function<List<Station>, String> export) {
    List<Station> stations;
    try {
      stations = StationImport.parse(format, body);
    } catch (DomainException.InvalidInput e) {
      Refusals.check(e);
      for (Violation v : e.violations()) {
        if (v.row() == null || v.row() < 0 || v.field() == null || v.reason() == null) {
          throw new AssertionError("violation without a row, field or reason: " + v);
        }
      }
      return;
    }
    if (stations.isEmpty()) {
      throw new AssertionError("an import with no stations was accepted");
    }
    stations.forEach(ImportedStations::storable);
    List<Station> again;
    try {
      again = StationImport.parse(format, export.apply(stations));
    } catch (DomainException.InvalidInput e) {
      throw new AssertionError(
          "the export of accepted stations is refused: " + e.violations() + "\n" + stations, e);
    }
    if (!again.equals(stations)) {
      throw new AssertionError("exported and imported back as\n" + again + "\nnot\n" + stations);
    }
  }

  /** What the station table's columns and checks take. */
  private static void storable(Station s) {
    for (String[] text :
        new String[][] {
          {"id", s.id()},
          {"name_zh", s.nameZh()},
          {"name_en", s.nameEn()},
          {"address", s.address()},
          {"city", s.city()},
          {"district", s.district()},
          {"opening_hours", s.openingHours().spec()},
          {"operator", s.operator()},
          {"phone", s.phone()},
          {"photo_url", s.photoUrl()}
        }) {
      Storable.text(text[0], text[1]);
    }
    double lat = s.location().lat();
    double lon = s.location().lon();
    if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) {
      throw new AssertionError("position out of range: " + s.location());
    }
    if (s.capacity() < 1 || s.capacity() > Station.MAX_CAPACITY) {
      throw new AssertionError("capacity out of range: " + s.capacity());
    }
    if (s.starRating() != null && (s.starRating() < 1 || s.starRating() > 5)) {
      throw new AssertionError("star_rating out of range: " + s.starRating());
    }
    if (s.nameZh().codePointCount(0, s.nameZh().length()) > 200) {
      throw new AssertionError("name_zh longer than the column's check allows");
    }
  }
}
