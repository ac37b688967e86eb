package org.yizhan.station;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The cities and districts the registry's stations name, as their records spell them: what an
 * admin's scope may name. A name written with an administrative suffix the data leaves out (or the
 * other way round: "太原市" for "太原") is not the same name, but {@link #suggestCity} and {@link
 * #suggestDistrict} find it, so a refusal can say what was meant.
 */
public final class Localities {

  /** Suffixes of Chinese administrative names that records often leave out. */
  private static final List<String> SUFFIXES = List.of("自治州", "自治县", "市", "区", "县", "州", "盟", "旗");

  private final SortedMap<String, SortedSet<String>> districtsByCity;

  private Localities(SortedMap<String, SortedSet<String>> districtsByCity) {
    this.districtsByCity = districtsByCity;
  }

  /** The cities and districts of these stations (closed ones too: they may reopen). */
  public static Localities of(Collection<Station> stations) {
    SortedMap<String, SortedSet<String>> out = new TreeMap<>();
    for (Station s : stations) {
      if (s.city() == null) {
        continue;
      }
      SortedSet<String> districts = out.computeIfAbsent(s.city(), c -> new TreeSet<>());
      if (s.district() != null) {
        districts.add(s.district());
      }
    }
    return new Localities(out);
  }

  /** Every city, in order, with its districts in order. */
  public Map<String, SortedSet<String>> districtsByCity() {
    return java.util.Collections.unmodifiableSortedMap(districtsByCity);
  }

  public boolean hasCity(String city) {
    return districtsByCity.containsKey(city);
  }

  public boolean hasDistrict(String city, String district) {
    SortedSet<String> d = districtsByCity.get(city);
    return d != null && d.contains(district);
  }

  /** The existing city a mistyped {@code city} most likely means, if its bare name matches one. */
  public Optional<String> suggestCity(String city) {
    return match(city, districtsByCity.keySet());
  }

  /**
   * The existing {@code "city/district"} a mistyped pair most likely means: each part matched as
   * written or by its bare name.
   */
  public Optional<String> suggestDistrict(String city, String district) {
    Optional<String> c = hasCity(city) ? Optional.of(city) : suggestCity(city);
    if (c.isEmpty()) {
      return Optional.empty();
    }
    SortedSet<String> districts = districtsByCity.get(c.get());
    Optional<String> d =
        districts.contains(district) ? Optional.of(district) : match(district, districts);
    return d.map(name -> c.get() + "/" + name);
  }

  private static Optional<String> match(String name, Collection<String> known) {
    String bare = bare(name);
    return known.stream().filter(k -> bare(k).equals(bare)).findFirst();
  }

  /** The name without one trailing administrative suffix, unless that would leave one character. */
  static String bare(String name) {
    String t = name.strip();
    for (String suffix : SUFFIXES) {
      if (t.endsWith(suffix) && t.length() - suffix.length() >= 2) {
        return t.substring(0, t.length() - suffix.length());
      }
    }
    return t;
  }
}
