package org.yizhan.api;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Predicate;
import org.yizhan.live.LiveView;
import org.yizhan.station.Amenity;
import org.yizhan.station.BoundingBox;
import org.yizhan.station.Station;
import org.yizhan.station.StationFilter;
import org.yizhan.station.StationKind;

/** Query parameters that several station answers share: the box, the worker's filters. */
final class StationParams {

  private StationParams() {}

  /** {@code minLon,minLat,maxLon,maxLat}; the whole world when absent. */
  static BoundingBox bbox(String raw) {
    if (raw == null) {
      return BoundingBox.WORLD;
    }
    String[] parts = raw.split(",", -1);
    if (parts.length != 4) {
      throw ProblemException.invalid("bbox", "must be minLon,minLat,maxLon,maxLat");
    }
    double minLon = Params.parseDouble("bbox", parts[0].strip(), -180, 180);
    double minLat = Params.parseDouble("bbox", parts[1].strip(), -90, 90);
    double maxLon = Params.parseDouble("bbox", parts[2].strip(), -180, 180);
    double maxLat = Params.parseDouble("bbox", parts[3].strip(), -90, 90);
    if (minLon > maxLon) {
      throw ProblemException.invalid(
          "bbox",
          "minLon must not exceed maxLon (boxes across the antimeridian are not supported)");
    }
    if (minLat > maxLat) {
      throw ProblemException.invalid("bbox", "minLat must not exceed maxLat");
    }
    return new BoundingBox(minLon, minLat, maxLon, maxLat);
  }

  /** The worker's filters, shared by the nearest list and the map's clusters. */
  static StationFilter filter(Params p) {
    Set<Amenity> amenities = EnumSet.noneOf(Amenity.class);
    for (String code : p.multi("amenity")) {
      amenities.add(
          Amenity.findByCode(code)
              .orElseThrow(
                  () ->
                      ProblemException.invalid(
                          "amenity", "unknown amenity '" + Params.clip(code) + "'")));
    }
    Set<StationKind> kinds = EnumSet.noneOf(StationKind.class);
    for (String code : p.multi("kind")) {
      kinds.add(
          StationKind.findByCode(code)
              .orElseThrow(
                  () ->
                      ProblemException.invalid(
                          "kind", "unknown kind '" + Params.clip(code) + "'")));
    }
    return new StationFilter(
        amenities,
        p.optionalBoolean("open_now", false),
        p.optionalBoolean("open_24h", false),
        kinds);
  }

  /**
   * {@code free_seats=true}: only stations whose live count shows a free seat now; {@code null} (no
   * live condition) otherwise. Shared by the nearest list and the map's clusters.
   */
  static Predicate<Station> freeSeats(Params p, LiveView live, Instant now) {
    return p.optionalBoolean("free_seats", false) ? s -> live.hasFreeSeat(s, now) : null;
  }

  /** Five decimals: about a metre, as much as a map marker needs. */
  static double round5(double v) {
    return Math.round(v * 1e5) / 1e5;
  }
}
