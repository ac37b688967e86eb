package org.yizhan.api.ogc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.yizhan.station.BoundingBox;

/**
 * One feature collection as the OGC routes serve it. Features come rendered as complete GeoJSON
 * Feature objects whose properties are the same set on every feature (absent values as {@code
 * null}), so that a client that reads its schema from the first page (GDAL) sees every field.
 */
public interface OgcCollection {

  /** Who may read a collection; anonymous callers neither list nor read the non-public ones. */
  enum Access {
    PUBLIC,
    /** Super admins and station admins, within their stations, as the device admin API. */
    ADMIN,
    /** Super admins and planners, as the planning API. */
    PLAN
  }

  /**
   * A page of features.
   *
   * @param matched how many features the box holds in all
   * @param features the page's features, each a complete GeoJSON Feature object
   */
  record Page(int matched, List<String> features) {}

  String id();

  /** The collection's path, {@code /ogc/collections/<id>}, its id percent-encoded. */
  static String path(String id) {
    return "/ogc/collections/" + OgcRequest.segment(id);
  }

  String title();

  String description();

  Access access();

  /**
   * Whether reading it blocks (runs on the worker pool) rather than reading memory; only a blocking
   * collection's reads may throw a checked exception.
   */
  boolean blocking();

  /** {@code minLon, minLat, maxLon, maxLat} of everything in it (the world when empty). */
  double[] extent();

  /** The property names every feature carries, in display order. */
  List<String> properties();

  /**
   * The features in a box, in a stable order, from {@code offset}.
   *
   * @param stationScope which station ids the caller may see; {@code null} for all
   */
  Page items(BoundingBox box, int offset, int limit, Predicate<String> stationScope, Instant now)
      throws Exception;

  /** One feature by id, when it exists and the caller may see it. */
  Optional<String> feature(String id, Predicate<String> stationScope, Instant now) throws Exception;
}
