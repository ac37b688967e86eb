package org.yizhan.station;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.yizhan.error.Violation;

/**
 * Stations as CSV (RFC 4180, UTF-8, header row): one column per writable field, amenities joined
 * with {@code ;}. What {@link #write} produces, {@link #read} accepts unchanged. Only the columns
 * in {@code REQUIRED} must be present, so files written before a column was added (such as {@code
 * photo_url}) still import.
 */
public final class StationCsv {

  public static final List<String> COLUMNS =
      List.of(
          "id",
          "name_zh",
          "name_en",
          "kind",
          "lat",
          "lon",
          "address",
          "city",
          "district",
          "capacity",
          "amenities",
          "opening_hours",
          "operator",
          "phone",
          "photo_url",
          "status",
          "star_rating",
          "version");

  private static final List<String> REQUIRED =
      List.of("name_zh", "kind", "lat", "lon", "capacity", "opening_hours");

  private StationCsv() {}

  public static void write(Appendable out, Iterable<Station> stations) throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).get();
    try (CSVPrinter p = new CSVPrinter(out, format)) {
      for (Station s : stations) {
        p.printRecord(
            s.id(),
            s.nameZh(),
            s.nameEn(),
            s.kind().code(),
            plain(s.location().lat()),
            plain(s.location().lon()),
            s.address(),
            s.city(),
            s.district(),
            s.capacity(),
            s.amenities().stream().map(Amenity::code).collect(Collectors.joining(";")),
            s.openingHours().spec(),
            s.operator(),
            s.phone(),
            s.photoUrl(),
            s.status().code(),
            s.starRating(),
            s.version());
      }
    }
  }

  /**
   * Reads every data row into a field map for {@link StationInput} (textual). Header problems are
   * reported at row 0; a row with the wrong number of cells at its own row number.
   */
  public static List<Map<String, Object>> read(Reader in, List<Violation> violations)
      throws IOException {
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true)
            .get();
    List<Map<String, Object>> rows = new ArrayList<>();
    try (CSVParser parser = CSVParser.parse(in, format)) {
      List<String> header = parser.getHeaderNames();
      for (String h : header) {
        if (!COLUMNS.contains(h)) {
          violations.add(new Violation(0, h, "unknown column, expected some of " + COLUMNS));
        }
      }
      for (String r : REQUIRED) {
        if (!header.contains(r)) {
          violations.add(new Violation(0, r, "required column is missing"));
        }
      }
      int row = 0;
      for (CSVRecord rec : parser) {
        row++;
        if (rec.size() != header.size()) {
          violations.add(
              new Violation(
                  row, "row", "has " + rec.size() + " cells, the header has " + header.size()));
          rows.add(Map.of());
          continue;
        }
        Map<String, Object> fields = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
          fields.put(header.get(i), rec.get(i));
        }
        rows.add(fields);
      }
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      violations.add(new Violation(0, "file", "is not valid CSV: " + e.getMessage()));
    }
    return rows;
  }

  private static String plain(double v) {
    return org.yizhan.json.JsonText.fixed(new StringBuilder(), v, 7).toString();
  }
}
