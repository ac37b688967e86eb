package org.yizhan.station;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;

/**
 * Reads a bulk import file completely before anything is written: either every row is a valid
 * station, or the caller gets every bad row's number and reason and nothing is stored.
 */
public final class StationImport {

  /** The file formats an import accepts. */
  public enum Format {
    GEOJSON,
    CSV
  }

  private StationImport() {}

  /** Parses and validates the whole file; throws with all violations if any row is bad. */
  public static List<Station> parse(Format format, String body) {
    List<Violation> violations = new ArrayList<>();
    List<Map<String, Object>> rows;
    boolean textual = format == Format.CSV;
    if (format == Format.GEOJSON) {
      JsonObject fc;
      try {
        fc = new JsonObject(body);
      } catch (DecodeException | ClassCastException e) {
        throw DomainException.InvalidInput.of(
            List.of(new Violation(0, "body", "is not a JSON object: " + firstLine(e))));
      }
      rows = StationGeoJson.collection(fc, violations);
    } else {
      try {
        // a file saved by Excel (or exported with ?bom=true) starts with a byte-order mark
        String text = body.startsWith("\uFEFF") ? body.substring(1) : body;
        rows = StationCsv.read(new StringReader(text), violations);
      } catch (IOException e) {
        throw DomainException.InvalidInput.of(
            List.of(new Violation(0, "body", "could not be read as CSV: " + firstLine(e))));
      }
    }
    List<Station> stations = new ArrayList<>(rows.size());
    Map<String, Integer> firstRowOfId = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      int row = i + 1;
      Map<String, Object> fields = rows.get(i);
      if (fields.isEmpty()) {
        continue; // already reported (malformed row)
      }
      StationInput.Result r = StationInput.read(fields, textual, null);
      if (!r.ok()) {
        r.violations().forEach(v -> violations.add(v.atRow(row)));
        continue;
      }
      Station s = r.station();
      if (!s.id().equals(Station.PENDING_ID)) {
        Integer earlier = firstRowOfId.putIfAbsent(s.id(), row);
        if (earlier != null) {
          violations.add(new Violation(row, "id", "duplicates row " + earlier));
          continue;
        }
      }
      stations.add(s);
    }
    if (rows.isEmpty() && violations.isEmpty()) {
      violations.add(new Violation(0, "body", "contains no stations"));
    }
    if (!violations.isEmpty()) {
      throw DomainException.InvalidInput.of(violations);
    }
    return stations;
  }

  private static String firstLine(Exception e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
