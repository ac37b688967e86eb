package org.yizhan.station;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The places a scope may name, and the spelling a mistyped one most likely means. */
class LocalitiesTest {

  private static Station at(String id, String city, String district) {
    Station s = TestStations.station(id, 37.8, 112.5);
    return new Station(
        s.id(),
        s.nameZh(),
        s.nameEn(),
        s.kind(),
        s.location(),
        s.address(),
        city,
        district,
        s.capacity(),
        s.amenities(),
        s.openingHours(),
        s.operator(),
        s.phone(),
        s.photoUrl(),
        s.status(),
        s.starRating(),
        s.version(),
        s.createdAt(),
        s.updatedAt());
  }

  private final Localities places =
      Localities.of(
          List.of(
              at("a", "太原", "迎泽区"),
              at("b", "太原", "小店"),
              at("c", "大同市", "城区"),
              at("d", "阳泉市", "城区"),
              at("e", null, "无城市区")));

  /** Verifies that cities and districts are listed as the stations spell them, in order. */
  @Test
  void listsTheStationsCitiesWithTheirDistricts() {
    assertThat(places.districtsByCity().keySet()).containsExactly("大同市", "太原", "阳泉市");
    assertThat(places.districtsByCity().get("太原")).containsExactly("小店", "迎泽区");
    assertThat(places.hasDistrict("大同市", "城区")).isTrue();
    assertThat(places.hasDistrict("太原", "城区")).isFalse();
  }

  /** Verifies that an administrative suffix written or left out either way finds the place. */
  @Test
  void suggestsTheSpellingFoundByDroppingOneSuffix() {
    assertThat(places.suggestCity("太原市")).contains("太原");
    assertThat(places.suggestCity("大同")).contains("大同市");
    assertThat(places.suggestDistrict("太原市", "迎泽区")).contains("太原/迎泽区");
    assertThat(places.suggestDistrict("太原", "小店区")).contains("太原/小店");
    assertThat(places.suggestDistrict("阳泉", "城区")).contains("阳泉市/城区");
    assertThat(places.suggestCity("火星")).isEmpty();
    assertThat(places.suggestDistrict("太原", "城区")).as("城 alone is no district").isEmpty();
  }
}
