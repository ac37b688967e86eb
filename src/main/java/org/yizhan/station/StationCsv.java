package org.yizhan.station;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.yizhan.error.Violation;

/**
 * Stations as CSV (RFC 4180, UTF-8, header row): one column per writable field, amenities joined
 * with {@code ;}. What {@link #write} produces, {@link #read} accepts unchanged. Only the columns
 * {@link StationColumn} marks required must be present, so files written before a column was added
 * (such as {@code photo_url}) still import.
 */
public final class StationCsv {

  /** The header: every {@link StationColumn}, in its order. */
  public static final List<String> COLUMNS = StationColumn.labels(c -> true);

  private static final List<String> REQUIRED = StationColumn.labels(StationColumn::required);

  private StationCsv() {}

  public static void write(Appendable out, Iterable<Station> stations) throws IOException {
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader(COLUMNS.toArray(String[]::new)).get();
    try (CSVPrinter p = new CSVPrinter(out, format)) {
      for (Station s : stations) {
        List<Object> cells = new ArrayList<>(COLUMNS.size());
        for (StationColumn c : StationColumn.all()) {
          cells.add(c.cell(s));
        }
        p.printRecord(cells);
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
}
