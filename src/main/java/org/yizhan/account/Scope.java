package org.yizhan.account;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.yizhan.error.Violation;

/**
 * The part of the network a station admin runs: named stations, whole districts ({@code
 * "city/district"}, since district names such as 城区 repeat between cities) and whole cities. A
 * station is in scope if any of the three covers it.
 */
public record Scope(Set<String> stations, Set<String> districts, Set<String> cities) {

  public static final Scope NONE = new Scope(Set.of(), Set.of(), Set.of());

  private static final int MAX_ENTRIES = 10_000;

  public Scope {
    stations = Set.copyOf(stations);
    districts = Set.copyOf(districts);
    cities = Set.copyOf(cities);
  }

  /** True if a station in {@code city}/{@code district} with this id is covered. */
  public boolean covers(String stationId, String city, String district) {
    return stations.contains(stationId)
        || (city != null && cities.contains(city))
        || (city != null && district != null && districts.contains(city + "/" + district));
  }

  public boolean isEmpty() {
    return stations.isEmpty() && districts.isEmpty() && cities.isEmpty();
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("stations", new JsonArray(new ArrayList<>(new TreeSet<>(stations))))
        .put("districts", new JsonArray(new ArrayList<>(new TreeSet<>(districts))))
        .put("cities", new JsonArray(new ArrayList<>(new TreeSet<>(cities))));
  }

  /**
   * Reads {@code {"stations":[..], "districts":["太原市/迎泽区"], "cities":[..]}} from field {@code
   * field}, adding a violation per bad entry; null or absent means no scope.
   */
  public static Scope fromJson(Object value, String field, List<Violation> problems) {
    if (value == null) {
      return NONE;
    }
    if (!(value instanceof JsonObject o)) {
      problems.add(
          Violation.of(field, "must be an object with stations, districts and cities lists"));
      return NONE;
    }
    for (String name : o.fieldNames()) {
      if (!Set.of("stations", "districts", "cities").contains(name)) {
        problems.add(Violation.of(field + "." + name, "unknown field"));
      }
    }
    Set<String> stations = list(o.getValue("stations"), field + ".stations", problems, false);
    Set<String> districts = list(o.getValue("districts"), field + ".districts", problems, true);
    Set<String> cities = list(o.getValue("cities"), field + ".cities", problems, false);
    return new Scope(stations, districts, cities);
  }

  private static Set<String> list(
      Object value, String field, List<Violation> problems, boolean pairs) {
    Set<String> out = new TreeSet<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof JsonArray a) || a.size() > MAX_ENTRIES) {
      problems.add(Violation.of(field, "must be a list of at most " + MAX_ENTRIES + " strings"));
      return out;
    }
    for (int i = 0; i < a.size(); i++) {
      Object v = a.getValue(i);
      String where = field + "[" + i + "]";
      if (!(v instanceof String s) || s.isBlank() || s.length() > 200) {
        problems.add(Violation.of(where, "must be a non-empty string"));
      } else if (pairs && (s.indexOf('/') <= 0 || s.indexOf('/') != s.lastIndexOf('/'))) {
        problems.add(Violation.of(where, "must be \"city/district\", e.g. \"太原市/迎泽区\""));
      } else if (pairs && s.endsWith("/")) {
        problems.add(Violation.of(where, "must be \"city/district\", e.g. \"太原市/迎泽区\""));
      } else {
        out.add(s.strip());
      }
    }
    return out;
  }
}
