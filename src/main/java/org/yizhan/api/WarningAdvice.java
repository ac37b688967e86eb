package org.yizhan.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.live.LiveView;
import org.yizhan.station.NearbyQuery;
import org.yizhan.station.NearbyResult;
import org.yizhan.station.StationSnapshot;
import org.yizhan.station.hours.OpenState;
import org.yizhan.warning.ComfortBand;
import org.yizhan.warning.Warning;
import org.yizhan.warning.WarningBook;

/**
 * What a warning changes in a nearby answer. The query point's city is the city of the nearest
 * listed station within {@link #CITY_RADIUS_M} (filters do not apply); while a warning is in force
 * there, the answer carries it as {@code warning} and leads with the stations that suit it ({@link
 * ComfortBand}), each marked {@code suits_warning}; the rest follow in their own order.
 */
final class WarningAdvice {

  /** Beyond this the nearest station's city says nothing about where the worker stands. */
  static final double CITY_RADIUS_M = 30_000;

  /** No warning: the answer unchanged. */
  static final WarningAdvice NONE = new WarningAdvice(null, Set.of(), List.of());

  private final Warning warning;
  private final Set<String> suitable;
  private final List<NearbyResult> results;

  private WarningAdvice(Warning warning, Set<String> suitable, List<NearbyResult> results) {
    this.warning = warning;
    this.suitable = suitable;
    this.results = results;
  }

  /** Finds the warning in force at the query point and reorders the answer for it. */
  static WarningAdvice of(
      WarningBook book,
      Supplier<StationSnapshot> stations,
      LiveView live,
      WgsCoordinate at,
      List<NearbyResult> results,
      Instant now) {
    if (book == null || book.list().isEmpty()) {
      return new WarningAdvice(null, Set.of(), results);
    }
    Optional<Warning> w = cityAt(stations.get(), at, now).flatMap(c -> book.findLeading(c, now));
    if (w.isEmpty()) {
      return new WarningAdvice(null, Set.of(), results);
    }
    Set<String> suits = new HashSet<>();
    List<NearbyResult> first = new ArrayList<>(results.size());
    List<NearbyResult> rest = new ArrayList<>(results.size());
    for (NearbyResult r : results) {
      boolean ok =
          ComfortBand.suits(
              w.get().kind(),
              r.station(),
              r.openState() == OpenState.OPEN,
              live.findCurrentTemperature(r.station(), now));
      if (ok) {
        suits.add(r.station().id());
        first.add(r);
      } else {
        rest.add(r);
      }
    }
    first.addAll(rest);
    return new WarningAdvice(w.get(), suits, first);
  }

  /** The city of the nearest listed station within {@link #CITY_RADIUS_M}. */
  static Optional<String> cityAt(StationSnapshot snapshot, WgsCoordinate at, Instant now) {
    List<NearbyResult> nearest =
        snapshot.nearby(new NearbyQuery(at, 1, CITY_RADIUS_M, Set.of(), false), now);
    return nearest.isEmpty()
        ? Optional.empty()
        : Optional.ofNullable(nearest.get(0).station().city());
  }

  /** The answer's stations in the order to show them. */
  List<NearbyResult> results() {
    return results;
  }

  /** Appends {@code ,"warning":{...}} to the open collection while a warning is in force. */
  void appendWarning(StringBuilder sb) {
    if (warning != null) {
      sb.append(",\"warning\":");
      sb.append(WarningJson.publicJson(warning).put("city_from", "nearest_station").encode());
    }
  }

  /** Appends {@code ,"suits_warning":true|false} to a station's properties while one is. */
  void appendMark(StringBuilder sb, String stationId) {
    if (warning != null) {
      sb.append(",\"suits_warning\":").append(suitable.contains(stationId));
    }
  }
}
