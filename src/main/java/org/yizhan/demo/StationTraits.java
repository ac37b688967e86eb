package org.yizhan.demo;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.station.Amenity;
import org.yizhan.station.Station;
import org.yizhan.station.StationKind;
import org.yizhan.station.StationStatus;
import org.yizhan.station.hours.InvalidOpeningHoursException;
import org.yizhan.station.hours.OpeningHours;

/**
 * Samples the non-geographic attributes of a demo station: kind, host, seats, amenities, hours,
 * rating, name, address, operator and phone. The probabilities follow what published station lists
 * show: mostly small street-side rooms with water, charging and a microwave, drivers' homes along
 * trunk roads with parking and showers, and round-the-clock hours where drivers and miners work
 * shifts. One instance per generated network; all randomness comes from its generator.
 */
final class StationTraits {

  /** Where in a city a station sits, which shapes what kind of station it is. */
  enum Setting {
    /** Within about 10 km of the centre. */
    CORE,
    /** Outskirts and county seats. */
    OUTER,
    /** In a small town outside the city. */
    TOWN,
    /** Along a trunk road. */
    ROAD
  }

  /** The opening-hours specs in use, parsed once; a real network reuses a handful of schedules. */
  static final List<String> HOURS_SPECS =
      List.of(
          "24/7",
          "Mo-Su 08:00-20:00",
          "Mo-Su 07:00-21:00",
          "Mo-Fr 08:00-18:00; Sa,Su 09:00-17:00",
          "Mo-Su 06:00-22:00",
          "Mo-Sa 08:30-19:30",
          "Mo-Su 07:00-12:00,14:00-19:00",
          "Mo-Fr 08:30-17:30");

  private static final OpeningHours[] HOURS = parseAll(HOURS_SPECS);

  private static final double[] HOURS_DEFAULT = {.16, .22, .16, .10, .10, .08, .10, .08};
  private static final double[] HOURS_SHIFT_WORK = {.65, .05, .08, 0, .17, 0, 0, .05};
  private static final double[] HOURS_MOTHER_BABY = {.05, .30, .20, .15, .05, .10, .05, .10};
  private static final double[] HOURS_WORKPLACE = {.10, .15, .10, .20, .05, .10, .10, .20};

  private static final StationKind[] KINDS = StationKind.values();
  // Weights in StationKind order: URBAN, DRIVERS, WORKERS, MOTHER_BABY, MINE, SERVICE_AREA.
  private static final double[] KIND_CORE = {.78, .05, .09, .08, 0, 0};
  private static final double[] KIND_OUTER = {.72, .10, .08, .02, 0, 0};
  private static final double[] KIND_OUTER_COAL = {.61, .10, .08, .02, .11, 0};
  private static final double[] KIND_TOWN = {.80, .08, .10, .02, 0, 0};
  private static final double[] KIND_ROAD = {.25, .50, 0, 0, 0, .25};

  private static final HostType[] URBAN_HOSTS = {
    HostType.SANITATION, HostType.OUTDOOR_WORKERS, HostType.UNION, HostType.CARING
  };
  private static final double[] URBAN_HOST_WEIGHTS = {.35, .25, .20, .20};

  private static final double[] STAR_WEIGHTS = {.05, .12, .35, .33, .15};

  private final SplittableRandom rnd;
  private final Map<String, Integer> nameCounters = new HashMap<>();

  StationTraits(SplittableRandom rnd) {
    this.rnd = rnd;
  }

  /**
   * Builds one station. {@code district} may be {@code null} when the city's districts are not
   * known; {@code roadLabel} is set for stations placed along a road and replaces the street.
   */
  Station station(
      String id,
      CityProfile city,
      Setting setting,
      double lat,
      double lon,
      String district,
      String roadLabel) {
    StationKind kind = KINDS[pick(kindWeights(setting, city.coal))];
    HostType host = host(kind);
    String prefix = district == null ? city.nameZh + host.zh : city.fullName + district + host.zh;
    int n = nameCounters.merge(prefix, 1, Integer::sum);
    String nameZh = prefix + " " + n;
    String nameEn = chance(0.25) ? city.nameEn + " " + host.en + " " + n : null;
    String place = district == null ? city.fullName : city.fullName + district;
    String address =
        roadLabel != null
            ? place + roadLabel + "沿线"
            : place
                + city.streets.get(rnd.nextInt(city.streets.size()))
                + houseNumber(setting)
                + "号";
    return new Station(
        id,
        nameZh,
        nameEn,
        kind,
        new WgsCoordinate(GeoMath.round6(lat), GeoMath.round6(lon)),
        address,
        city.nameZh,
        district,
        capacity(kind),
        amenities(kind, setting),
        hours(kind),
        operator(host, city),
        phone(city),
        null,
        StationStatus.ACTIVE,
        stars(),
        0L,
        null,
        null);
  }

  private static double[] kindWeights(Setting setting, boolean coal) {
    return switch (setting) {
      case CORE -> KIND_CORE;
      case OUTER -> coal ? KIND_OUTER_COAL : KIND_OUTER;
      case TOWN -> KIND_TOWN;
      case ROAD -> KIND_ROAD;
    };
  }

  private HostType host(StationKind kind) {
    return switch (kind) {
      case URBAN_REST_STATION -> URBAN_HOSTS[pick(URBAN_HOST_WEIGHTS)];
      case DRIVERS_HOME -> HostType.DRIVERS;
      case WORKERS_HOME -> HostType.WORKERS;
      case MOTHER_BABY_ROOM -> HostType.MOTHER_BABY;
      case MINE_STATION -> HostType.MINE;
      case SERVICE_AREA_STATION -> HostType.SERVICE_AREA;
    };
  }

  private String operator(HostType host, CityProfile city) {
    double u = rnd.nextDouble();
    return switch (host) {
      case SANITATION -> u < 0.9 ? city.sanitation : city.union;
      case OUTDOOR_WORKERS -> u < 0.6 ? city.union : any(city.banks);
      case UNION, WORKERS -> city.union;
      case CARING -> any(city.banks);
      case DRIVERS -> u < 0.5 ? any(city.fuel) : u < 0.7 ? city.transport : city.union;
      case MOTHER_BABY -> u < 0.6 ? city.womensFederation : city.union;
      case MINE -> city.coalUnion;
      case SERVICE_AREA -> any(city.fuel);
    };
  }

  /** Seats: most rooms hold six to twelve; drivers' homes a few more, nursing rooms fewer. */
  private int capacity(StationKind kind) {
    double u = rnd.nextDouble();
    int seats =
        u < 0.08
            ? 4 + rnd.nextInt(2)
            : u < 0.78 ? 6 + rnd.nextInt(7) : u < 0.95 ? 13 + rnd.nextInt(8) : 21 + rnd.nextInt(10);
    return switch (kind) {
      case MOTHER_BABY_ROOM -> 4 + rnd.nextInt(5);
      case DRIVERS_HOME, SERVICE_AREA_STATION -> Math.min(30, seats + 4);
      case MINE_STATION -> 8 + rnd.nextInt(17);
      default -> seats;
    };
  }

  private EnumSet<Amenity> amenities(StationKind kind, Setting setting) {
    EnumSet<Amenity> set = EnumSet.noneOf(Amenity.class);
    boolean drivers = kind == StationKind.DRIVERS_HOME;
    boolean serviceArea = kind == StationKind.SERVICE_AREA_STATION;
    boolean mine = kind == StationKind.MINE_STATION;
    boolean nursing = kind == StationKind.MOTHER_BABY_ROOM;
    boolean urban = kind == StationKind.URBAN_REST_STATION;
    add(set, Amenity.DRINKING_WATER, 0.97);
    add(set, Amenity.PHONE_CHARGING, 0.94);
    add(set, Amenity.MEAL_HEATING, nursing ? 0.6 : 0.85);
    add(set, Amenity.AIR_CONDITIONING, 0.7);
    add(set, Amenity.HEATING, mine ? 0.9 : 0.68);
    add(set, Amenity.MEDICINE_KIT, mine ? 0.9 : 0.72);
    add(set, Amenity.TOILET, serviceArea ? 0.98 : drivers ? 0.85 : nursing ? 0.7 : 0.5);
    add(set, Amenity.AED, serviceArea ? 0.2 : mine ? 0.12 : drivers ? 0.08 : 0.03);
    add(set, Amenity.UMBRELLA_LOAN, urban ? 0.4 : 0.15);
    add(set, Amenity.READING_CORNER, nursing ? 0.1 : 0.22);
    add(set, Amenity.WIFI, drivers ? 0.8 : 0.55);
    add(set, Amenity.SHOWER, drivers ? 0.6 : mine ? 0.5 : serviceArea ? 0.35 : 0.04);
    add(set, Amenity.LAUNDRY, drivers ? 0.4 : serviceArea ? 0.15 : 0.02);
    add(set, Amenity.TRUCK_PARKING, drivers ? 0.85 : serviceArea ? 0.9 : 0.0);
    double swap = !urban ? 0.0 : setting == Setting.CORE ? 0.22 : 0.03;
    add(set, Amenity.BATTERY_SWAP, swap);
    return set;
  }

  private OpeningHours hours(StationKind kind) {
    double[] weights =
        switch (kind) {
          case DRIVERS_HOME, SERVICE_AREA_STATION, MINE_STATION -> HOURS_SHIFT_WORK;
          case MOTHER_BABY_ROOM -> HOURS_MOTHER_BABY;
          case WORKERS_HOME -> HOURS_WORKPLACE;
          default -> HOURS_DEFAULT;
        };
    return HOURS[pick(weights)];
  }

  /** The union grades only some stations; most ungraded ones have no rating yet. */
  private Integer stars() {
    return chance(0.45) ? null : pick(STAR_WEIGHTS) + 1;
  }

  private String phone(CityProfile city) {
    if (city.areaCode == null || chance(0.12)) {
      return null;
    }
    char[] digits = new char[7];
    digits[0] = (char) ('2' + rnd.nextInt(7));
    for (int i = 1; i < digits.length; i++) {
      digits[i] = (char) ('0' + rnd.nextInt(10));
    }
    return city.areaCode + "-" + new String(digits);
  }

  private int houseNumber(Setting setting) {
    return 1 + rnd.nextInt(setting == Setting.CORE ? 399 : 199);
  }

  private void add(EnumSet<Amenity> set, Amenity amenity, double probability) {
    if (rnd.nextDouble() < probability) {
      set.add(amenity);
    }
  }

  private boolean chance(double probability) {
    return rnd.nextDouble() < probability;
  }

  private <T> T any(List<T> options) {
    return options.get(rnd.nextInt(options.size()));
  }

  /** Index drawn with the given weights, which need not sum exactly to one. */
  private int pick(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double u = rnd.nextDouble() * total;
    int last = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        last = i;
        u -= weights[i];
        if (u < 0) {
          return i;
        }
      }
    }
    return last;
  }

  private static OpeningHours[] parseAll(List<String> specs) {
    OpeningHours[] parsed = new OpeningHours[specs.size()];
    for (int i = 0; i < parsed.length; i++) {
      try {
        parsed[i] = OpeningHours.parse(specs.get(i));
      } catch (InvalidOpeningHoursException e) {
        throw new IllegalStateException("demo opening hours rejected: " + specs.get(i), e);
      }
    }
    return parsed;
  }
}
