package org.yizhan.planning;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Point sets as CSV (RFC 4180, UTF-8, a header row naming the columns in any order): {@code
 * lon,lat,weight[,label]} for demand, {@code lon,lat[,weight][,label][,kind]} for candidates. Empty
 * cells of optional columns mean "absent". Rows are numbered from 1 after the header (row 0).
 */
final class PlanPointsCsv {

  private static final List<String> DEMAND_COLUMNS = List.of("lon", "lat", "weight", "label");
  private static final List<String> CANDIDATE_COLUMNS =
      List.of("lon", "lat", "weight", "label", "kind");

  private PlanPointsCsv() {}

  static void read(Reader in, PointRows rows) throws IOException {
    CSVFormat format =
        CSVFormat.RFC4180
            .builder()
            .setIgnoreSurroundingSpaces(true)
            .setIgnoreEmptyLines(true)
            .get();
    List<String> allowed = rows.kind() == PlanSetKind.DEMAND ? DEMAND_COLUMNS : CANDIDATE_COLUMNS;
    try (CSVParser parser = CSVParser.parse(in, format)) {
      Iterator<CSVRecord> records = parser.iterator();
      if (!records.hasNext()) {
        return; // no header, no rows: "contains no points"
      }
      Map<String, Integer> columns = header(records.next(), allowed, rows);
      if (columns == null) {
        return;
      }
      int row = 0;
      while (records.hasNext()) {
        CSVRecord rec = records.next();
        row++;
        rows.countRow();
        if (rec.size() != columns.size()) {
          rows.violation(
              row, "row", "has " + rec.size() + " cells, the header has " + columns.size());
          continue;
        }
        readRow(rec, row, columns, rows);
      }
    } catch (UncheckedIOException e) {
      if (!(e.getCause() instanceof CSVException)) {
        throw e.getCause();
      }
      rows.violation(0, "body", "is not valid CSV: " + firstLine(e.getCause().getMessage()));
    } catch (CSVException | IllegalArgumentException | IllegalStateException e) {
      rows.violation(0, "body", "is not valid CSV: " + firstLine(e.getMessage()));
    }
  }

  /** Column positions by name, or {@code null} when the header is unusable (reported). */
  private static Map<String, Integer> header(CSVRecord rec, List<String> allowed, PointRows rows) {
    Map<String, Integer> columns = new HashMap<>();
    boolean ok = true;
    for (int i = 0; i < rec.size(); i++) {
      String name = rec.get(i);
      if (i == 0 && name.startsWith("\uFEFF")) {
        name = name.substring(1).strip(); // a byte-order mark some spreadsheets write
      }
      if (!allowed.contains(name)) {
        rows.violation(0, name, "unknown column, expected some of " + allowed);
        ok = false;
      } else if (columns.putIfAbsent(name, i) != null) {
        rows.violation(0, name, "column appears more than once in the header");
        ok = false;
      }
    }
    for (String required : List.of("lon", "lat")) {
      if (!columns.containsKey(required)) {
        rows.violation(0, required, "required column is missing");
        ok = false;
      }
    }
    if (rows.kind() == PlanSetKind.DEMAND && !columns.containsKey("weight")) {
      rows.violation(0, "weight", "required column is missing");
      ok = false;
    }
    return ok ? columns : null;
  }

  private static void readRow(
      CSVRecord rec, int row, Map<String, Integer> columns, PointRows rows) {
    double lon = number(rec, columns, "lon", row, rows, true);
    double lat = number(rec, columns, "lat", row, rows, true);
    double weight = number(rec, columns, "weight", row, rows, false);
    if (lon == BAD || lat == BAD || weight == BAD) {
      return;
    }
    rows.add(row, lon, lat, weight, text(rec, columns, "label"), text(rec, columns, "kind"));
  }

  /** Marks a cell already reported as bad. */
  private static final double BAD = Double.NEGATIVE_INFINITY;

  /** The cell as a number, NaN when absent, {@link #BAD} when reported as bad. */
  private static double number(
      CSVRecord rec,
      Map<String, Integer> columns,
      String name,
      int row,
      PointRows rows,
      boolean required) {
    String cell = text(rec, columns, name);
    if (cell == null) {
      if (required) {
        rows.violation(row, name, "is required");
        return BAD;
      }
      return Double.NaN;
    }
    try {
      double v = Double.parseDouble(cell);
      if (!Double.isFinite(v)) {
        rows.violation(row, name, "must be a finite number, got " + cell);
        return BAD;
      }
      return v;
    } catch (NumberFormatException e) {
      rows.violation(row, name, "is not a number: " + clip(cell));
      return BAD;
    }
  }

  private static String text(CSVRecord rec, Map<String, Integer> columns, String name) {
    Integer i = columns.get(name);
    if (i == null) {
      return null;
    }
    String v = rec.get(i);
    return v.isEmpty() ? null : v;
  }

  private static String clip(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "…" : s;
  }

  private static String firstLine(String m) {
    String s = String.valueOf(m);
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
