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
 * ComfortBand}), found among a few times as many of the nearest as asked for, each marked {@code
 * suits_warning}; the rest follow in their own order.
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

  /**
   * How many of the nearest candidates are looked through for suitable stations, as a multiple of
   * the answer's size: a cool station a little farther away is worth leading with, one across the
   * city is not.
   */
  static final int CANDIDATES_FACTOR = 3;

  /**
   * Finds the warning in force at the query point and, while there is one, answers with the
   * suitable stations among the {@link #CANDIDATES_FACTOR} times {@code limit} nearest that match
   * the query first (nearest first), then the rest of {@code results}, cut to the limit.
   *
   * @param search answers a query the way {@code results} were found (walks when the walking
   *     network is there), for the wider look at candidates
   */
  static WarningAdvice of(
      WarningBook book,
      Supplier<StationSnapshot> stations,
      LiveView live,
      NearbyQuery q,
      java.util.function.Function<NearbyQuery, List<NearbyResult>> search,
      List<NearbyResult> results,
      Instant now) {
    if (book == null || book.list().isEmpty()) {
      return new WarningAdvice(null, Set.of(), results);
    }
    StationSnapshot snapshot = stations.get();
    Optional<Warning> w = cityAt(snapshot, q.at(), now).flatMap(c -> book.findLeading(c, now));
    if (w.isEmpty()) {
      return new WarningAdvice(null, Set.of(), results);
    }
    int wider = Math.min(NearbyQuery.MAX_LIMIT, q.limit() * CANDIDATES_FACTOR);
    List<NearbyResult> candidates =
        results.size() < q.limit() || wider <= results.size()
            ? results // every match within the radius is in the answer already
            : search.apply(new NearbyQuery(q.at(), wider, q.radiusM(), q.filter()));
    Set<String> suits = new HashSet<>();
    List<NearbyResult> out = new ArrayList<>(q.limit());
    for (NearbyResult r : candidates) {
      if (out.size() < q.limit() && suits(w.get(), r, live, now)) {
        suits.add(r.station().id());
        out.add(r);
      }
    }
    for (NearbyResult r : results) {
      if (out.size() < q.limit() && !suits.contains(r.station().id())) {
        out.add(r);
      }
    }
    return new WarningAdvice(w.get(), suits, out);
  }

  private static boolean suits(Warning w, NearbyResult r, LiveView live, Instant now) {
    return ComfortBand.suits(
        w.kind(),
        r.station(),
        r.openState() == OpenState.OPEN,
        live.findCurrentTemperature(r.station(), now));
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
