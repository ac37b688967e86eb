package org.yizhan.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.yizhan.planning.PlanPoints;

/**
 * A synthetic demand set for Shanxi, so the planner has something to look at on the first start of
 * {@code --demo}. <b>Invented data</b>: no survey of workers stands behind it. It is shaped like
 * the demo network ({@link DemoNetworkGenerator}) on the same facts: points are shared among the 11
 * cities in proportion to population, most around the city centre (sanitation beats and delivery
 * hot spots, on the city's streets), with a wider tail than the stations have, so that the
 * outskirts show uncovered demand; some in the towns; and truck stops along the same trunk roads.
 * Each point's weight is an invented number of workers. The output is a pure function of the seed.
 */
public final class DemoDemandGenerator {

  /** Points in the demo's demand set. */
  public static final int DEFAULT_COUNT = 20_000;

  /** The name the demo stores it under (says what it is). */
  public static final String SET_NAME = "山西示例需求 (synthetic demo)";

  private static final double CORE_SIGMA_M = 4_000;
  private static final double TAIL_FRACTION = 0.25;
  private static final double TAIL_MEAN_M = 9_000;
  private static final double TAIL_MAX_M = 35_000;
  private static final double TOWN_SHARE = 0.08;
  private static final double TOWN_SIGMA_M = 1_500;
  private static final double ROAD_SHARE = 0.15;
  private static final double ROAD_JITTER_M = 300;

  private DemoDemandGenerator() {}

  /** {@code count} demand points over Shanxi for this seed. */
  public static PlanPoints shanxi(long seed, int count) {
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive");
    }
    SplittableRandom rnd = new SplittableRandom(seed);
    List<Place> places = Place.load(DemoNetworkGenerator.SHANXI_PLACES);
    Map<String, Place> byName = new HashMap<>();
    Map<String, List<Place>> townsByCity = new HashMap<>();
    List<Place> cities = new ArrayList<>();
    for (Place p : places) {
      byName.put(p.nameZh(), p);
      if (p.isCity()) {
        cities.add(p);
      } else if ("town".equals(p.kind())) {
        townsByCity.computeIfAbsent(ShanxiRoads.ownerCity(p), k -> new ArrayList<>()).add(p);
      }
    }
    ShanxiRoads roads = new ShanxiRoads(byName);
    int[] quota =
        DemoNetworkGenerator.apportion(
            cities.stream().mapToLong(Place::population).toArray(), count);
    Sink out = new Sink(count);
    for (int c = 0; c < cities.size(); c++) {
      Place city = cities.get(c);
      List<String> streets =
          "太原".equals(city.nameZh()) ? ShanxiFacts.TAIYUAN_STREETS : ShanxiFacts.GENERIC_STREETS;
      double spread = Math.max(0.75, Math.min(2.2, Math.sqrt(city.population() / 3.0e6)));
      List<Place> towns = townsByCity.getOrDefault(city.nameZh(), List.of());
      List<ShanxiRoads.Half> halves = roads.ownedBy(city.nameZh());
      int inTowns = towns.isEmpty() ? 0 : (int) Math.round(quota[c] * TOWN_SHARE);
      int onRoads = halves.isEmpty() ? 0 : (int) Math.round(quota[c] * ROAD_SHARE);
      for (int k = 0; k < quota[c] - inTowns - onRoads; k++) {
        double[] p = aroundCentre(rnd, city, spread);
        String street = streets.get(rnd.nextInt(streets.size()));
        if (rnd.nextInt(3) < 2) {
          out.add(p, 3 + geometric(rnd, 9), "环卫 · " + street);
        } else {
          out.add(p, 5 + geometric(rnd, 15), "外卖快递 · " + street);
        }
      }
      for (int k = 0; k < inTowns; k++) {
        Place town = towns.get(rnd.nextInt(towns.size()));
        double[] p =
            GeoMath.offset(
                town.lat(),
                town.lon(),
                rnd.nextGaussian() * TOWN_SIGMA_M,
                rnd.nextGaussian() * TOWN_SIGMA_M);
        out.add(p, 2 + geometric(rnd, 6), "环卫 · " + town.nameZh());
      }
      for (int k = 0; k < onRoads; k++) {
        ShanxiRoads.Half h = halves.get(rnd.nextInt(halves.size()));
        double f = 0.03 + 0.47 * rnd.nextDouble();
        Place a = h.start();
        Place b = h.end();
        double[] p = GeoMath.along(a.lat(), a.lon(), b.lat(), b.lon(), f);
        double[] perp = GeoMath.perpendicular(a.lat(), a.lon(), b.lat(), b.lon());
        double j = rnd.nextGaussian() * ROAD_JITTER_M;
        p = GeoMath.offset(p[0], p[1], perp[0] * j, perp[1] * j);
        out.add(p, 8 + geometric(rnd, 20), "货车停靠 · " + h.label());
      }
    }
    return out.points();
  }

  /** A Gaussian core around the centre plus an exponential tail towards the county seats. */
  private static double[] aroundCentre(SplittableRandom rnd, Place city, double spread) {
    double north;
    double east;
    if (rnd.nextDouble() >= TAIL_FRACTION) {
      north = rnd.nextGaussian() * CORE_SIGMA_M * spread;
      east = rnd.nextGaussian() * CORE_SIGMA_M * spread;
    } else {
      double r = Math.min(TAIL_MAX_M, -TAIL_MEAN_M * spread * Math.log(1.0 - rnd.nextDouble()));
      double bearing = rnd.nextDouble() * 2.0 * Math.PI;
      north = r * Math.cos(bearing);
      east = r * Math.sin(bearing);
    }
    double[] p = GeoMath.offset(city.lat(), city.lon(), north, east);
    return DemoNetworkGenerator.SHANXI_BOX.contains(p[0], p[1])
        ? p
        : new double[] {city.lat(), city.lon()};
  }

  /** A geometric count with the given mean, a few workers more or less. */
  private static int geometric(SplittableRandom rnd, double mean) {
    return (int) Math.floor(-mean * Math.log(1.0 - rnd.nextDouble()));
  }

  /** Collects the points into columns. */
  private static final class Sink {
    final double[] lat;
    final double[] lon;
    final double[] weight;
    final String[] label;
    int size;

    Sink(int n) {
      lat = new double[n];
      lon = new double[n];
      weight = new double[n];
      label = new String[n];
    }

    void add(double[] p, double w, String l) {
      lat[size] = GeoMath.round6(p[0]);
      lon[size] = GeoMath.round6(p[1]);
      weight[size] = w;
      label[size] = l;
      size++;
    }

    PlanPoints points() {
      if (size != lat.length) {
        throw new IllegalStateException("made " + size + " points, not " + lat.length);
      }
      return new PlanPoints(lat, lon, weight, label, new String[size]);
    }
  }
}
