package org.yizhan.station;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a worker filters stations by, for the nearest list and the map's clusters alike.
 *
 * @param amenities a station must have all of these
 * @param openNow only stations open at the time of the query by their hours and status
 * @param allDay only stations whose hours are 24/7
 * @param kinds a station must be one of these kinds; empty means any kind
 */
public record StationFilter(
    Set<Amenity> amenities, boolean openNow, boolean allDay, Set<StationKind> kinds) {

  /** Every listed station. */
  public static final StationFilter ANY = new StationFilter(Set.of(), false, false, Set.of());

  public StationFilter {
    amenities = amenities.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(amenities));
    kinds = kinds.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(kinds));
  }
}
