package org.yizhan.demo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.yizhan.station.Station;

/**
 * Builds realistic-looking demo networks so the map, search and load tests run against data shaped
 * like the real thing: stations clustered in city centres in proportion to population, thinning out
 * towards the county seats, and strung along the trunk roads where drivers' homes sit. Output is a
 * pure function of the seed, so a demo or a benchmark can be reproduced exactly.
 *
 * <p>The data is illustrative, not a registry: city centres, populations and road links are real,
 * but an outskirts station's county is drawn from its city's counties without geocoding, and names,
 * addresses and phone numbers are invented.
 */
public final class DemoNetworkGenerator {

  /** Shanxi's station count, December 2022. */
  public static final int SHANXI_COUNT = 4_640;

  /** China's national station count, end of 2024. */
  public static final int NATIONAL_COUNT = 186_100;

  static final String SHANXI_PLACES = "/demo/shanxi-places.csv";
  static final String CHINA_CITIES = "/demo/china-cities.csv";

  /** Rough extent of Shanxi; points drawn outside are redrawn. */
  static final Box SHANXI_BOX = new Box(34.5, 40.8, 110.2, 114.6);

  /** Rough extent of China. */
  static final Box CHINA_BOX = new Box(18.0, 54.0, 73.0, 135.0);

  /** Share of a Shanxi city's stations placed along its trunk roads. */
  static final double ROAD_SHARE = 0.12;

  private static final double TOWN_SHARE = 0.02;
  private static final int MIN_PER_TOWN = 6;

  /** Share of centre stations in the dense Gaussian core; the rest form a long radial tail. */
  private static final double CORE_FRACTION = 0.8;

  private static final double CORE_SIGMA_M = 3_500;
  private static final double TAIL_START_M = 2_000;
  private static final double TAIL_MEAN_M = 7_000;
  private static final double TAIL_MAX_M = 30_000;

  /**
   * Within this distance of the centre a station counts as urban: it gets one of the city's urban
   * districts and is eligible for delivery riders' battery swapping.
   */
  static final double URBAN_RADIUS_M = 10_000;

  private static final double TOWN_SIGMA_M = 1_200;

  /** Coal-mining cities outside Shanxi that get a few mine stations in the national network. */
  private static final Set<String> OTHER_COAL_CITIES = Set.of("鄂尔多斯", "榆林", "淮南", "六盘水", "平顶山");

  /** An axis-aligned latitude/longitude box. */
  record Box(double minLat, double maxLat, double minLon, double maxLon) {
    boolean contains(double lat, double lon) {
      return lat >= minLat && lat <= maxLat && lon >= minLon && lon <= maxLon;
    }
  }

  private DemoNetworkGenerator() {}

  /**
   * Generates a named network, for the command-line switch.
   *
   * @param network {@code shanxi} or {@code national}
   * @throws IllegalArgumentException for any other name
   */
  public static List<Station> generate(String network, long seed) {
    String name = network == null ? "" : network.strip().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "shanxi" -> shanxi(seed);
      case "national" -> national(seed);
      default ->
          throw new IllegalArgumentException(
              "unknown demo network '" + network + "', expected shanxi or national");
    };
  }

  /** Shanxi's {@value #SHANXI_COUNT} stations over its 11 prefecture-level cities. */
  public static List<Station> shanxi(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    StationTraits traits = new StationTraits(rnd);
    List<Place> places = Place.load(SHANXI_PLACES);
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
    int[] quota = apportion(cities.stream().mapToLong(Place::population).toArray(), SHANXI_COUNT);

    List<Station> out = new ArrayList<>(SHANXI_COUNT);
    for (int i = 0; i < cities.size(); i++) {
      Place place = cities.get(i);
      ShanxiFacts.CityFacts facts = ShanxiFacts.CITIES.get(place.nameZh());
      if (facts == null) {
        throw new IllegalStateException("no facts for Shanxi city " + place.nameZh());
      }
      CityProfile city =
          new CityProfile(
              facts.code(),
              place,
              facts.areaCode(),
              facts.urban(),
              facts.counties(),
              "太原".equals(place.nameZh())
                  ? ShanxiFacts.TAIYUAN_STREETS
                  : ShanxiFacts.GENERIC_STREETS,
              facts.coal());
      List<Place> towns = townsByCity.getOrDefault(place.nameZh(), List.of());
      List<ShanxiRoads.Half> halves = roads.ownedBy(place.nameZh());
      int perTown =
          towns.isEmpty() ? 0 : Math.max(MIN_PER_TOWN, (int) Math.round(quota[i] * TOWN_SHARE));
      int onRoads = halves.isEmpty() ? 0 : (int) Math.round(quota[i] * ROAD_SHARE);
      int inCentre = quota[i] - perTown * towns.size() - onRoads;
      String idPrefix = "sx-" + city.code + "-";
      int seq = 0;
      for (int k = 0; k < inCentre; k++) {
        out.add(aroundCentre(traits, rnd, city, idPrefix + pad(++seq, 5), SHANXI_BOX));
      }
      for (Place town : towns) {
        String county = ShanxiFacts.COUNTY_OF.get(town.nameZh());
        for (int k = 0; k < perTown; k++) {
          double[] p = gaussianAround(rnd, town.lat(), town.lon(), TOWN_SIGMA_M, SHANXI_BOX);
          out.add(
              traits.station(
                  idPrefix + pad(++seq, 5),
                  city,
                  StationTraits.Setting.TOWN,
                  p[0],
                  p[1],
                  county,
                  null));
        }
      }
      for (int k = 0; k < onRoads; k++) {
        out.add(roads.station(traits, rnd, city, halves, idPrefix + pad(++seq, 5)));
      }
    }
    return out;
  }

  /** {@value #NATIONAL_COUNT} stations over the prefecture-level cities of mainland China. */
  public static List<Station> national(long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    StationTraits traits = new StationTraits(rnd);
    List<Place> cities = Place.load(CHINA_CITIES);
    int[] quota = apportion(cities.stream().mapToLong(Place::population).toArray(), NATIONAL_COUNT);
    List<Station> out = new ArrayList<>(NATIONAL_COUNT);
    int seq = 0;
    for (int i = 0; i < cities.size(); i++) {
      Place place = cities.get(i);
      ShanxiFacts.CityFacts shanxi =
          "Shanxi".equals(place.province()) ? ShanxiFacts.CITIES.get(place.nameZh()) : null;
      boolean coal =
          (shanxi != null && shanxi.coal()) || OTHER_COAL_CITIES.contains(place.nameZh());
      CityProfile city =
          new CityProfile("", place, null, List.of(), List.of(), ShanxiFacts.GENERIC_STREETS, coal);
      for (int k = 0; k < quota[i]; k++) {
        out.add(aroundCentre(traits, rnd, city, "cn-" + pad(++seq, 6), CHINA_BOX));
      }
    }
    return out;
  }

  /**
   * A station around a city centre: a Gaussian core of a few kilometres plus an exponential tail
   * reaching the county seats, both widened for bigger cities.
   */
  private static Station aroundCentre(
      StationTraits traits, SplittableRandom rnd, CityProfile city, String id, Box box) {
    double sigma = CORE_SIGMA_M * city.spread;
    double tailMean = TAIL_MEAN_M * city.spread;
    double tailMax = TAIL_MAX_M * Math.max(1.0, city.spread / 1.3);
    for (int attempt = 0; attempt < 20; attempt++) {
      double north;
      double east;
      if (rnd.nextDouble() < CORE_FRACTION) {
        north = rnd.nextGaussian() * sigma;
        east = rnd.nextGaussian() * sigma;
      } else {
        double r;
        do {
          r = TAIL_START_M - tailMean * Math.log(1.0 - rnd.nextDouble());
        } while (r > tailMax);
        double bearing = rnd.nextDouble() * 2.0 * Math.PI;
        north = r * Math.cos(bearing);
        east = r * Math.sin(bearing);
      }
      double[] p = GeoMath.offset(city.lat, city.lon, north, east);
      if (box.contains(p[0], p[1])) {
        boolean urban = Math.hypot(north, east) < URBAN_RADIUS_M;
        List<String> districts = urban || city.counties.isEmpty() ? city.urban : city.counties;
        String district = districts.isEmpty() ? null : districts.get(rnd.nextInt(districts.size()));
        StationTraits.Setting setting =
            urban ? StationTraits.Setting.CORE : StationTraits.Setting.OUTER;
        return traits.station(id, city, setting, p[0], p[1], district, null);
      }
    }
    double[] p = gaussianAround(rnd, city.lat, city.lon, CORE_SIGMA_M, box);
    String district = city.urban.isEmpty() ? null : city.urban.get(0);
    return traits.station(id, city, StationTraits.Setting.CORE, p[0], p[1], district, null);
  }

  private static double[] gaussianAround(
      SplittableRandom rnd, double lat, double lon, double sigma, Box box) {
    for (int attempt = 0; attempt < 20; attempt++) {
      double[] p = GeoMath.offset(lat, lon, rnd.nextGaussian() * sigma, rnd.nextGaussian() * sigma);
      if (box.contains(p[0], p[1])) {
        return p;
      }
    }
    return new double[] {lat, lon};
  }

  /** Largest-remainder apportionment of {@code total} in proportion to {@code weights}. */
  static int[] apportion(long[] weights, int total) {
    double sum = 0;
    for (long w : weights) {
      sum += w;
    }
    int[] shares = new int[weights.length];
    double[] remainders = new double[weights.length];
    int given = 0;
    for (int i = 0; i < weights.length; i++) {
      double exact = total * (weights[i] / sum);
      shares[i] = (int) Math.floor(exact);
      remainders[i] = exact - shares[i];
      given += shares[i];
    }
    for (; given < total; given++) {
      int best = 0;
      for (int i = 1; i < remainders.length; i++) {
        if (remainders[i] > remainders[best]) {
          best = i;
        }
      }
      shares[best]++;
      remainders[best] = -1;
    }
    return shares;
  }

  /** Zero-pads without String.format, which is slow at national scale. */
  static String pad(int value, int width) {
    String digits = Integer.toString(value);
    return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
  }
}
