package org.yizhan.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.yizhan.geo.GreatCircle;
import org.yizhan.station.Station;

/**
 * Places stations along Shanxi's trunk roads. Each road is split at its midpoint and each half is
 * credited to the city at its near end, so road stations count towards the right city's share and a
 * city's drivers' homes sit on the roads leaving it.
 */
final class ShanxiRoads {

  /** Spread of the offset from the road's centre line: a lay-by, a fuel station, a depot. */
  private static final double JITTER_SIGMA_M = 250;

  private static final double JITTER_MAX_M = 800;

  /** Keeps road stations from piling onto the city centre itself. */
  private static final double MIN_FRACTION = 0.03;

  /** The half of a road nearer to {@code start}, which belongs to the city owning that end. */
  record Half(Place start, Place end, String label, double lengthM) {}

  private final Map<String, List<Half>> halvesByCity = new HashMap<>();

  /** Builds the road halves from {@link ShanxiFacts#ROADS}, resolving endpoints by Chinese name. */
  ShanxiRoads(Map<String, Place> placesByName) {
    for (ShanxiFacts.Road road : ShanxiFacts.ROADS) {
      Place a = placesByName.get(road.from());
      Place b = placesByName.get(road.to());
      if (a == null || b == null) {
        throw new IllegalStateException("road endpoint missing from places: " + road);
      }
      double half = GreatCircle.distanceMeters(a.lat(), a.lon(), b.lat(), b.lon()) / 2.0;
      halvesByCity
          .computeIfAbsent(ownerCity(a), k -> new ArrayList<>())
          .add(new Half(a, b, road.label(), half));
      halvesByCity
          .computeIfAbsent(ownerCity(b), k -> new ArrayList<>())
          .add(new Half(b, a, road.label(), half));
    }
  }

  /** The city a place belongs to: itself for a city, its parent for a town or road point. */
  static String ownerCity(Place p) {
    return p.isCity() ? p.nameZh() : ShanxiFacts.PARENT_CITY.getOrDefault(p.nameZh(), p.nameZh());
  }

  /** Road halves credited to a city, by its Chinese name; empty when it has none. */
  List<Half> ownedBy(String cityNameZh) {
    return halvesByCity.getOrDefault(cityNameZh, List.of());
  }

  /**
   * A station on one of the given halves, chosen in proportion to length, a few hundred metres off
   * the centre line.
   */
  Station station(
      StationTraits traits, SplittableRandom rnd, CityProfile city, List<Half> halves, String id) {
    double total = 0;
    for (Half h : halves) {
      total += h.lengthM();
    }
    double u = rnd.nextDouble() * total;
    Half half = halves.get(halves.size() - 1);
    for (Half h : halves) {
      u -= h.lengthM();
      if (u < 0) {
        half = h;
        break;
      }
    }
    Place a = half.start();
    Place b = half.end();
    double fraction = MIN_FRACTION + (0.5 - MIN_FRACTION) * rnd.nextDouble();
    double[] p = GeoMath.along(a.lat(), a.lon(), b.lat(), b.lon(), fraction);
    double[] perp = GeoMath.perpendicular(a.lat(), a.lon(), b.lat(), b.lon());
    double jitter =
        Math.max(-JITTER_MAX_M, Math.min(JITTER_MAX_M, rnd.nextGaussian() * JITTER_SIGMA_M));
    p = GeoMath.offset(p[0], p[1], perp[0] * jitter, perp[1] * jitter);
    double fromStart = fraction * 2.0 * half.lengthM();
    String district;
    if (fromStart >= DemoNetworkGenerator.URBAN_RADIUS_M) {
      district = city.counties.get(rnd.nextInt(city.counties.size()));
    } else if (a.isCity()) {
      district = city.urban.get(rnd.nextInt(city.urban.size()));
    } else {
      district = ShanxiFacts.COUNTY_OF.get(a.nameZh());
    }
    return traits.station(id, city, StationTraits.Setting.ROAD, p[0], p[1], district, half.label());
  }
}
