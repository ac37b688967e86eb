package org.yizhan.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yizhan.geo.GreatCircle;
import org.yizhan.station.Amenity;
import org.yizhan.station.Station;
import org.yizhan.station.StationKind;
import org.yizhan.station.StationStatus;

class DemoNetworkGeneratorTest {

  private static final long SEED = 20221231L;
  private static final Pattern SHANXI_ID = Pattern.compile("sx-[a-z]{2}-\\d{5}");

  private static List<Station> shanxi;
  private static List<Place> shanxiCities;
  private static Map<String, Place> shanxiPlaces;

  @BeforeAll
  static void generateShanxi() {
    shanxi = DemoNetworkGenerator.shanxi(SEED);
    List<Place> places = Place.load(DemoNetworkGenerator.SHANXI_PLACES);
    shanxiCities = places.stream().filter(Place::isCity).toList();
    shanxiPlaces = places.stream().collect(Collectors.toMap(Place::nameZh, p -> p));
  }

  @Test
  void shanxiHasTheRealStationCount() {
    assertThat(shanxi).hasSize(4_640);
  }

  @Test
  void everyShanxiCityGetsItsPopulationShare() {
    long totalPopulation = shanxiCities.stream().mapToLong(Place::population).sum();
    Map<String, Long> perCity =
        shanxi.stream().collect(Collectors.groupingBy(Station::city, Collectors.counting()));
    assertThat(perCity.keySet())
        .containsExactlyInAnyOrderElementsOf(shanxiCities.stream().map(Place::nameZh).toList());
    for (Place city : shanxiCities) {
      double expected = shanxi.size() * (double) city.population() / totalPopulation;
      assertThat((double) perCity.get(city.nameZh()))
          .as(city.nameEn())
          .isBetween(expected * 0.85, expected * 1.15);
    }
    assertThat(perCity.get("太原")).isGreaterThan(perCity.get("阳泉"));
  }

  @Test
  void shanxiIdsAreUniqueAndFollowTheCityScheme() {
    Set<String> ids = shanxi.stream().map(Station::id).collect(Collectors.toSet());
    assertThat(ids).hasSize(shanxi.size());
    assertThat(shanxi).allMatch(s -> SHANXI_ID.matcher(s.id()).matches(), "id pattern");
    assertThat(shanxi)
        .filteredOn(s -> s.city().equals("太原"))
        .extracting(Station::id)
        .contains("sx-ty-00001")
        .allMatch(id -> id.startsWith("sx-ty-"));
  }

  @Test
  void shanxiStationsStayInsideTheProvinceBox() {
    assertThat(shanxi)
        .allMatch(
            s ->
                s.location().lat() >= 34.5
                    && s.location().lat() <= 40.8
                    && s.location().lon() >= 110.2
                    && s.location().lon() <= 114.6,
            "inside Shanxi box");
  }

  @Test
  void stationsAreActiveUnstoredAndSeatFourToThirty() {
    assertThat(shanxi).allMatch(s -> s.capacity() >= 4 && s.capacity() <= 30, "4..30 seats");
    assertThat(shanxi)
        .allMatch(
            s ->
                s.status() == StationStatus.ACTIVE
                    && s.version() == 0
                    && s.createdAt() == null
                    && s.updatedAt() == null,
            "fresh and active");
    long small = shanxi.stream().filter(s -> s.capacity() >= 6 && s.capacity() <= 12).count();
    assertThat(small).isGreaterThan(shanxi.size() / 2);
  }

  @Test
  void openingHoursAreVariedWithAShareOpenAroundTheClock() {
    long allDay = shanxi.stream().filter(s -> s.openingHours().spec().equals("24/7")).count();
    assertThat(allDay).isGreaterThanOrEqualTo(shanxi.size() / 10);
    Set<String> specs =
        shanxi.stream().map(s -> s.openingHours().spec()).collect(Collectors.toSet());
    assertThat(specs).hasSizeGreaterThanOrEqualTo(5);
    long distinctInstances = shanxi.stream().map(Station::openingHours).distinct().count();
    assertThat(distinctInstances).as("each spec parsed once").isEqualTo(specs.size());
  }

  @Test
  void kindsAreMixedWithMineStationsOnlyInCoalCities() {
    Map<StationKind, Long> kinds =
        shanxi.stream().collect(Collectors.groupingBy(Station::kind, Collectors.counting()));
    assertThat(kinds).hasSizeGreaterThanOrEqualTo(4);
    assertThat(share(s -> s.kind() == StationKind.URBAN_REST_STATION)).isBetween(0.6, 0.8);
    assertThat(share(s -> s.kind() == StationKind.DRIVERS_HOME)).isBetween(0.08, 0.18);
    assertThat(kinds.get(StationKind.MINE_STATION)).isPositive();
    assertThat(shanxi)
        .filteredOn(s -> s.kind() == StationKind.MINE_STATION)
        .extracting(Station::city)
        .allMatch(city -> ShanxiFacts.CITIES.get(city).coal());
  }

  @Test
  void amenitiesFollowStationKind() {
    assertThat(share(s -> s.has(Amenity.DRINKING_WATER))).isGreaterThan(0.9);
    assertThat(share(s -> s.has(Amenity.AED))).isLessThan(0.1);
    List<Station> withParking = shanxi.stream().filter(s -> s.has(Amenity.TRUCK_PARKING)).toList();
    assertThat(withParking)
        .isNotEmpty()
        .allMatch(
            s ->
                s.kind() == StationKind.DRIVERS_HOME
                    || s.kind() == StationKind.SERVICE_AREA_STATION);
  }

  @Test
  void stationsCarryChineseNamesAddressesAndLocalPhoneNumbers() {
    Station first = shanxi.get(0);
    assertThat(first.nameZh()).startsWith("太原市").matches(".*(区|县|市).* \\d+");
    assertThat(shanxi)
        .allMatch(
            s -> {
              ShanxiFacts.CityFacts facts = ShanxiFacts.CITIES.get(s.city());
              return facts.urban().contains(s.district())
                  || facts.counties().contains(s.district());
            },
            "district belongs to its city");
    assertThat(shanxi)
        .filteredOn(s -> s.phone() != null && s.city().equals("大同"))
        .isNotEmpty()
        .allMatch(s -> s.phone().matches("0352-[2-8]\\d{6}"));
    assertThat(shanxi).allMatch(s -> s.address().startsWith(s.city() + "市"));
    assertThat(share(s -> s.nameEn() != null)).isBetween(0.1, 0.5);
  }

  @Test
  void mostStationsAreInDenseCityCentres() {
    double within10Km = share(s -> nearestCentreMeters(s) < 10_000);
    assertThat(within10Km).isGreaterThan(0.5);
  }

  @Test
  void someStationsLieOnTrunkRoadsFarFromAnyCentre() {
    long onRemoteRoads =
        shanxi.stream()
            .filter(s -> nearestCentreMeters(s) > 15_000 && nearestRoadMeters(s) < 1_500)
            .count();
    assertThat(onRemoteRoads).isGreaterThan(shanxi.size() / 20);
    long remoteDriversHomes =
        shanxi.stream()
            .filter(s -> s.kind() == StationKind.DRIVERS_HOME && nearestCentreMeters(s) > 15_000)
            .count();
    assertThat(remoteDriversHomes).isPositive();
  }

  @Test
  void townsGetAFewStations() {
    assertThat(shanxi).filteredOn(s -> "定襄县".equals(s.district())).hasSizeGreaterThan(3);
    assertThat(shanxi).filteredOn(s -> "河津市".equals(s.district())).hasSizeGreaterThan(3);
  }

  @Test
  void sameSeedGivesTheSameNetworkAndAnotherSeedDoesNot() {
    assertThat(DemoNetworkGenerator.shanxi(SEED)).isEqualTo(shanxi);
    List<Station> other = DemoNetworkGenerator.shanxi(SEED + 1);
    assertThat(other).hasSize(shanxi.size()).isNotEqualTo(shanxi);
    assertThat(other.get(0).location()).isNotEqualTo(shanxi.get(0).location());
  }

  @Test
  void generateSelectsANetworkByName() {
    assertThat(DemoNetworkGenerator.generate("shanxi", SEED)).isEqualTo(shanxi);
    assertThatThrownBy(() -> DemoNetworkGenerator.generate("mars", SEED))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void nationalHasTheNationalCountWithUniqueIdsInsideChina() {
    List<Station> national = DemoNetworkGenerator.national(SEED);
    assertThat(national).hasSize(186_100);
    Set<String> ids = new HashSet<>();
    Map<String, Integer> perCity = new HashMap<>();
    for (Station s : national) {
      assertThat(ids.add(s.id())).as("unique id %s", s.id()).isTrue();
      assertThat(s.id()).matches("cn-\\d{6}");
      assertThat(s.location().lat()).isBetween(18.0, 54.0);
      assertThat(s.location().lon()).isBetween(73.0, 135.0);
      perCity.merge(s.city(), 1, Integer::sum);
    }
    assertThat(perCity).hasSizeGreaterThanOrEqualTo(150);
    assertThat(perCity.get("北京")).isGreaterThan(perCity.get("拉萨") * 10);
  }

  @Test
  void chinaCityTableCoversEveryProvince() {
    List<Place> cities = Place.load(DemoNetworkGenerator.CHINA_CITIES);
    assertThat(cities).hasSizeGreaterThanOrEqualTo(150);
    assertThat(cities.stream().map(Place::province).distinct()).hasSize(31);
    assertThat(cities.stream().map(Place::nameZh))
        .contains("北京", "上海", "天津", "重庆", "太原", "乌鲁木齐", "拉萨");
  }

  private static double share(Predicate<Station> test) {
    return (double) shanxi.stream().filter(test).count() / shanxi.size();
  }

  private static double nearestCentreMeters(Station s) {
    return shanxiCities.stream()
        .mapToDouble(
            c ->
                GreatCircle.distanceMeters(
                    s.location().lat(), s.location().lon(), c.lat(), c.lon()))
        .min()
        .orElseThrow();
  }

  private static double nearestRoadMeters(Station s) {
    double best = Double.MAX_VALUE;
    for (ShanxiFacts.Road road : ShanxiFacts.ROADS) {
      Place a = shanxiPlaces.get(road.from());
      Place b = shanxiPlaces.get(road.to());
      best =
          Math.min(
              best,
              GeoMath.distanceToSegmentMeters(
                  s.location().lat(), s.location().lon(), a.lat(), a.lon(), b.lat(), b.lon()));
    }
    return best;
  }
}
