package org.yizhan.warning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The cities of the station registry (each station's {@code city}), the only areas a warning may
 * name: a warning for a city without stations would change nothing a worker sees, and a near miss
 * ("太原市" for "太原") would silently match nothing.
 */
public final class CityNames {

  private static final int MAX_SUGGESTIONS = 5;

  private final TreeSet<String> cities;

  public CityNames(Collection<String> cities) {
    this.cities = new TreeSet<>();
    for (String c : cities) {
      if (c != null && !c.isBlank()) {
        this.cities.add(c);
      }
    }
  }

  public boolean contains(String city) {
    return cities.contains(city);
  }

  /**
   * Registry cities close to what was typed: the same once an administrative suffix (市, 地区, 盟, 自治州,
   * " City") is dropped, one containing the other, or one edit apart; at most five.
   */
  public List<String> nearMatches(String typed) {
    String t = bare(typed);
    List<String> out = new ArrayList<>();
    for (String c : cities) {
      String b = bare(c);
      if (!t.isEmpty() && (b.contains(t) || t.contains(b) || editDistance(b, t) <= 1)) {
        out.add(c);
      }
    }
    out.sort(Comparator.comparingInt((String c) -> editDistance(bare(c), t)).thenComparing(c -> c));
    return out.subList(0, Math.min(MAX_SUGGESTIONS, out.size()));
  }

  /**
   * The registry city a feed's area description names: "山西省太原市" and "太原市小店区" both name 太原; the
   * longest registry name found wins. Empty when none is.
   */
  public Optional<String> findInArea(String areaDesc) {
    if (areaDesc == null) {
      return Optional.empty();
    }
    if (cities.contains(areaDesc.strip())) {
      return Optional.of(areaDesc.strip());
    }
    String area = areaDesc.replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    String best = null;
    for (String c : cities) {
      String b = bare(c).replace(" ", "");
      if (b.length() >= 2
          && area.contains(b)
          && (best == null || b.length() > bare(best).length())) {
        best = c;
      }
    }
    return Optional.ofNullable(best);
  }

  static String bare(String city) {
    String s = city == null ? "" : city.strip().toLowerCase(java.util.Locale.ROOT);
    for (String suffix : new String[] {"自治州", "地区", "市", "盟", " city"}) {
      if (s.endsWith(suffix) && s.length() > suffix.length()) {
        return s.substring(0, s.length() - suffix.length());
      }
    }
    return s;
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int same = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + same);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
