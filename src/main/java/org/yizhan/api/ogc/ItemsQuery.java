package org.yizhan.api.ogc;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.yizhan.api.ProblemException;
import org.yizhan.station.BoundingBox;
import org.yizhan.text.StrictNumbers;

/**
 * The items parameters, parsed at the edge: {@code bbox} (four CRS84 numbers), {@code limit} (1 to
 * 10,000, default 10), {@code offset} (the paging position that {@code next}/{@code prev} links
 * carry), {@code crs} and {@code bbox-crs} (CRS84 only) and {@code datetime} (checked; stations and
 * health have no time extent, so every feature matches).
 */
record ItemsQuery(BoundingBox box, String rawBox, int offset, int limit) {

  static final Set<String> PARAMS =
      Set.of("bbox", "limit", "offset", "crs", "bbox-crs", "datetime");
  static final int DEFAULT_LIMIT = 10;
  static final int MAX_LIMIT = 10_000;

  static ItemsQuery of(OgcRequest r) {
    crs(r, "crs");
    crs(r, "bbox-crs");
    datetime(r.single("datetime"));
    String raw = r.single("bbox");
    return new ItemsQuery(
        bbox(raw),
        raw,
        integer(r, "offset", 0, 0, Integer.MAX_VALUE),
        integer(r, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT));
  }

  /** Checks the one parameter a single feature takes. */
  static void crsOnly(OgcRequest r) {
    crs(r, "crs");
  }

  /** {@code minLon,minLat,maxLon,maxLat} in CRS84; the world when absent. */
  static BoundingBox bbox(String raw) {
    if (raw == null) {
      return BoundingBox.WORLD;
    }
    String[] parts = raw.split(",", -1);
    if (parts.length != 4) {
      throw ProblemException.invalid(
          "bbox", "must be four numbers minLon,minLat,maxLon,maxLat (CRS84)");
    }
    double[] v = new double[4];
    for (int i = 0; i < 4; i++) {
      Double d = StrictNumbers.decimal(parts[i].strip());
      if (d == null) {
        throw ProblemException.invalid(
            "bbox", "must be four decimal numbers, got '" + OgcRequest.clip(raw) + "'");
      }
      v[i] = d;
    }
    if (Math.abs(v[0]) > 180
        || Math.abs(v[2]) > 180
        || Math.abs(v[1]) > 90
        || Math.abs(v[3]) > 90) {
      throw ProblemException.invalid(
          "bbox", "longitudes must be within -180..180 and latitudes within -90..90");
    }
    if (v[0] > v[2]) {
      throw ProblemException.invalid(
          "bbox",
          "minLon must not exceed maxLon (boxes across the antimeridian are not supported)");
    }
    if (v[1] > v[3]) {
      throw ProblemException.invalid("bbox", "minLat must not exceed maxLat");
    }
    return new BoundingBox(v[0], v[1], v[2], v[3]);
  }

  private static int integer(OgcRequest r, String name, int fallback, int min, int max) {
    String v = r.single(name);
    if (v == null) {
      return fallback;
    }
    Long l = StrictNumbers.integer(v);
    if (l == null) {
      throw ProblemException.invalid(name, "must be an integer, got '" + OgcRequest.clip(v) + "'");
    }
    if (l < min || l > max) {
      throw ProblemException.invalid(name, "must be between " + min + " and " + max + ", got " + l);
    }
    return l.intValue();
  }

  private static void crs(OgcRequest r, String name) {
    String v = r.single(name);
    if (v != null && !OgcCrs.isCrs84(v)) {
      throw ProblemException.invalid(
          name, "only " + OgcCrs.CRS84 + " is offered, got '" + OgcRequest.clip(v) + "'");
    }
  }

  /** An RFC 3339 instant or an interval of two (either end open: {@code ..} or empty). */
  private static void datetime(String v) {
    if (v == null) {
      return;
    }
    String[] ends = v.split("/", -1);
    if (ends.length > 2) {
      throw ProblemException.invalid("datetime", "must be an instant or an interval a/b");
    }
    for (String end : ends) {
      if (ends.length == 2 && (end.isEmpty() || end.equals(".."))) {
        continue;
      }
      try {
        Instant.parse(end);
      } catch (DateTimeParseException e) {
        throw ProblemException.invalid(
            "datetime",
            "must be RFC 3339 like 2026-07-15T04:30:00Z, got '" + OgcRequest.clip(v) + "'");
      }
    }
  }
}
