package org.yizhan.station;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Finds places a worker types: a city or district (placed at the centre of its stations) or a
 * station by its name or address. No external geocoder: the station registry already names every
 * street and district where there is a station, and that is where a worker needs to look.
 */
public final class PlaceSearch {

  public static final int MAX_QUERY = 60;

  /** A found place, WGS-84. {@code kind} is {@code city}, {@code district} or {@code station}. */
  public record Place(String kind, String name, String detail, double lat, double lon, String id) {}

  private PlaceSearch() {}

  /**
   * Areas whose name contains the query first (exact names before partial ones, bigger areas
   * first), then stations whose name or address contains it (names starting with it first).
   */
  public static List<Place> search(List<Station> stations, String query, int limit) {
    String q = query.strip().toLowerCase(Locale.ROOT);
    if (q.isEmpty()) {
      return List.of();
    }
    Map<String, Area> areas = new LinkedHashMap<>();
    List<Station> hits = new ArrayList<>();
    for (Station s : stations) {
      if (!s.isListed()) {
        continue;
      }
      if (s.city() != null && s.city().toLowerCase(Locale.ROOT).contains(q)) {
        areas.computeIfAbsent("c:" + s.city(), k -> new Area("city", s.city(), null)).add(s);
      }
      if (s.district() != null && s.district().toLowerCase(Locale.ROOT).contains(q)) {
        areas
            .computeIfAbsent(
                "d:" + s.city() + "/" + s.district(),
                k -> new Area("district", s.district(), s.city()))
            .add(s);
      }
      if (matches(s, q)) {
        hits.add(s);
      }
    }
    List<Place> out = new ArrayList<>();
    areas.values().stream()
        .sorted(
            Comparator.comparing((Area a) -> !a.name.equalsIgnoreCase(q))
                .thenComparing(a -> a.kind.equals("city") ? 0 : 1)
                .thenComparing(a -> -a.count)
                .thenComparing(a -> a.name))
        .limit(limit)
        .forEach(a -> out.add(a.place()));
    hits.sort(
        Comparator.comparing((Station s) -> !startsWith(s, q))
            .thenComparing(Station::nameZh)
            .thenComparing(Station::id));
    for (Station s : hits) {
      if (out.size() >= limit) {
        break;
      }
      out.add(
          new Place(
              "station",
              s.nameZh(),
              s.address() != null ? s.address() : s.city(),
              s.location().lat(),
              s.location().lon(),
              s.id()));
    }
    return out;
  }

  private static boolean matches(Station s, String q) {
    return s.nameZh().toLowerCase(Locale.ROOT).contains(q)
        || (s.nameEn() != null && s.nameEn().toLowerCase(Locale.ROOT).contains(q))
        || (s.address() != null && s.address().toLowerCase(Locale.ROOT).contains(q));
  }

  private static boolean startsWith(Station s, String q) {
    return s.nameZh().toLowerCase(Locale.ROOT).startsWith(q)
        || (s.nameEn() != null && s.nameEn().toLowerCase(Locale.ROOT).startsWith(q));
  }

  /** Stations of one city or district, summed to place the area at their centre. */
  private static final class Area {
    final String kind;
    final String name;
    final String parent;
    int count;
    double lat;
    double lon;

    Area(String kind, String name, String parent) {
      this.kind = kind;
      this.name = name;
      this.parent = parent;
    }

    void add(Station s) {
      count++;
      lat += s.location().lat();
      lon += s.location().lon();
    }

    Place place() {
      return new Place(kind, name, parent, lat / count, lon / count, null);
    }
  }
}
