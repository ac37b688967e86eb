package org.yizhan.account;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yizhan.error.Violation;

class ScopeTest {

  private final Scope scope = new Scope(Set.of("st-9"), Set.of("太原市/迎泽区"), Set.of("大同市"));

  @Test
  void coversNamedStationsDistrictsOfTheRightCityAndWholeCities() {
    assertThat(scope.covers("st-9", "晋中市", "榆次区")).isTrue();
    assertThat(scope.covers("st-1", "太原市", "迎泽区")).isTrue();
    assertThat(scope.covers("st-2", "太原市", "小店区")).isFalse();
    // 城区 exists in several cities: a district is only covered in its own city
    assertThat(new Scope(Set.of(), Set.of("长治市/城区"), Set.of()).covers("x", "晋城市", "城区")).isFalse();
    assertThat(scope.covers("st-3", "大同市", null)).isTrue();
    assertThat(scope.covers("st-4", null, null)).isFalse();
    assertThat(Scope.NONE.covers("st-9", "太原市", "迎泽区")).isFalse();
  }

  @Test
  void badScopesNameEachBadEntry() {
    List<Violation> problems = new ArrayList<>();
    Scope.fromJson(
        new JsonObject()
            .put("districts", new JsonArray().add("迎泽区").add("太原市/迎泽区").add(7))
            .put("towns", new JsonArray()),
        "scope",
        problems);
    assertThat(problems)
        .extracting(Violation::field)
        .containsExactlyInAnyOrder("scope.towns", "scope.districts[0]", "scope.districts[2]");
  }

  @Test
  void rolesDecideWhatAPrincipalCovers() {
    var station =
        org.yizhan.station.StationInput.read(
                new java.util.HashMap<>(
                    java.util.Map.of(
                        "id", "st-1",
                        "name_zh", "迎泽驿站",
                        "kind", "urban_rest_station",
                        "capacity", 10,
                        "opening_hours", "24/7",
                        "city", "太原市",
                        "district", "迎泽区",
                        "lon", 112.55,
                        "lat", 37.86)),
                false,
                null)
            .station();
    assertThat(new Principal("a", "A", Role.STATION_ADMIN, scope).covers(station)).isTrue();
    assertThat(new Principal("p", "P", Role.PLANNER, scope).covers(station)).isFalse();
    assertThat(new Principal("s", "S", Role.SUPER_ADMIN, Scope.NONE).covers(station)).isTrue();
  }
}
