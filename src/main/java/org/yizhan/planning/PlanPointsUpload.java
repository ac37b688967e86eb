package org.yizhan.planning;

import java.io.IOException;
import java.io.Reader;
import java.util.List;
import org.yizhan.error.DomainException;
import org.yizhan.error.Violation;

/**
 * Reads an uploaded demand or candidate set completely before anything is stored, under the station
 * import's rules: either every row is a valid point, or the caller gets every bad row's number,
 * field and reason and nothing is kept. Coordinates declared GCJ-02 are converted to WGS-84. A set
 * holds at most {@link #MAX_POINTS} points; a longer file is refused as soon as it passes the
 * limit.
 */
public final class PlanPointsUpload {

  /** The most points one set may hold. */
  public static final int MAX_POINTS = 2_000_000;

  /** The file formats an upload accepts. */
  public enum Format {
    GEOJSON,
    CSV
  }

  private PlanPointsUpload() {}

  /** Parses and validates the whole file; throws {@link DomainException.InvalidInput} if bad. */
  public static PlanPoints parse(Format format, Reader in, PlanSetKind kind, PointCrs crs) {
    return parse(format, in, kind, crs, MAX_POINTS);
  }

  /** As {@link #parse(Format, Reader, PlanSetKind, PointCrs)} with another limit (for tests). */
  static PlanPoints parse(Format format, Reader in, PlanSetKind kind, PointCrs crs, int maxPoints) {
    PointRows rows = new PointRows(kind, maxPoints);
    try {
      if (format == Format.CSV) {
        PlanPointsCsv.read(in, rows);
      } else {
        PlanPointsGeojson.read(in, rows);
      }
    } catch (IOException e) {
      throw DomainException.InvalidInput.of(
          List.of(new Violation(0, "body", "could not be read: " + e.getMessage())));
    }
    return rows.finish(crs);
  }
}
