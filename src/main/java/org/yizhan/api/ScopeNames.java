package org.yizhan.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yizhan.account.Scope;
import org.yizhan.error.Violation;
import org.yizhan.station.Localities;

/**
 * Checks the cities and districts a scope names against those the stations name: a scope written
 * "太原市/迎泽区" where the data says "太原" would silently cover nothing. New scopes naming a place that
 * does not exist are refused; stored ones (the stations may have changed since) are listed with a
 * warning.
 */
final class ScopeNames {

  private ScopeNames() {}

  /**
   * The violations of a scope as sent ({@code raw}, already read by {@link Scope#fromJson} without
   * problems), each naming the entry, e.g. {@code scope.cities[0]}, and the likely meant name.
   */
  static List<Violation> check(Object raw, Localities places) {
    List<Violation> out = new ArrayList<>();
    if (!(raw instanceof JsonObject o)) {
      return out;
    }
    if (o.getValue("cities") instanceof JsonArray cities) {
      for (int i = 0; i < cities.size(); i++) {
        int at = i;
        cityProblem(cities.getString(i).strip(), places)
            .ifPresent(d -> out.add(Violation.of("scope.cities[" + at + "]", d)));
      }
    }
    if (o.getValue("districts") instanceof JsonArray districts) {
      for (int i = 0; i < districts.size(); i++) {
        int at = i;
        districtProblem(districts.getString(i).strip(), places)
            .ifPresent(d -> out.add(Violation.of("scope.districts[" + at + "]", d)));
      }
    }
    return out;
  }

  /** Warnings for a stored scope: each city or district it names that no station has. */
  static JsonArray warnings(Scope scope, Localities places) {
    JsonArray out = new JsonArray();
    for (String city : scope.cities()) {
      cityProblem(city, places)
          .ifPresent(
              d ->
                  out.add(
                      new JsonObject()
                          .put("field", "scope.cities")
                          .put("value", city)
                          .put("detail", d)));
    }
    for (String pair : scope.districts()) {
      districtProblem(pair, places)
          .ifPresent(
              d ->
                  out.add(
                      new JsonObject()
                          .put("field", "scope.districts")
                          .put("value", pair)
                          .put("detail", d)));
    }
    return out;
  }

  private static Optional<String> cityProblem(String city, Localities places) {
    if (places.hasCity(city)) {
      return Optional.empty();
    }
    return Optional.of(
        "no station is in a city named '"
            + city
            + "'"
            + places.suggestCity(city).map(s -> "; did you mean '" + s + "'?").orElse(""));
  }

  private static Optional<String> districtProblem(String pair, Localities places) {
    int slash = pair.indexOf('/');
    // exactly as stored: Scope.covers compares the whole "city/district", spaces and all
    String city = pair.substring(0, slash);
    String district = pair.substring(slash + 1);
    if (places.hasDistrict(city, district)) {
      return Optional.empty();
    }
    return Optional.of(
        "no station is in district '"
            + district
            + "' of city '"
            + city
            + "'"
            + places
                .suggestDistrict(city, district)
                .map(s -> "; did you mean '" + s + "'?")
                .orElse(""));
  }
}
