package org.yizhan.station;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import org.yizhan.geo.PointIndex;
import org.yizhan.station.hours.OpenState;
import org.yizhan.station.hours.OpeningHours;

/**
 * An immutable view of the whole station network with its spatial index: what every read request is
 * answered from. Stations are held in id order, so "lower position" in the index means "lower id"
 * and ties in distance resolve by id.
 *
 * <p>Over 300 lines on purpose: every read (nearest, bounding box, clusters, search) shares the
 * index and its id order here, and each is a short method over them.
 */
public final class StationSnapshot {

  private static final StationSnapshot EMPTY =
      new StationSnapshot(new Station[0], new byte[0][], new int[0]);

  /**
   * Set in {@link #amenityMask} for stations shown to workers, so the search filter reads one int.
   */
  private static final int LISTED_BIT = 1 << 31;

  /** How a closed (soft-deleted) station's hours read: closed, no next change. */
  private static final OpeningHours.Window CLOSED = OpeningHours.Window.closedForGood();

  private final Station[] stations;
  private final byte[][] features;

  /** Bytes of each feature that nearby answers carry: see {@link StationGeoJson#render}. */
  private final int[] summaryLength;

  private final int[] amenityMask;
  private final Map<String, Integer> positionById;
  private final PointIndex index;

  /** Web Mercator positions, for clustering by map cell without trigonometry per query. */
  private final double[] mercX;

  private final double[] mercY;

  private final double[] latOf;
  private final double[] lonOf;

  /** The box around every station (empty network: an empty box). */
  private final double minLatAll;

  private final double maxLatAll;
  private final double minLonAll;
  private final double maxLonAll;

  private StationSnapshot(Station[] stations, byte[][] features, int[] summaryLength) {
    this.stations = stations;
    this.features = features;
    this.summaryLength = summaryLength;
    int n = stations.length;
    amenityMask = new int[n];
    positionById = new HashMap<>(n * 2);
    double[] lat = new double[n];
    double[] lon = new double[n];
    mercX = new double[n];
    mercY = new double[n];
    for (int i = 0; i < n; i++) {
      Station s = stations[i];
      amenityMask[i] = mask(s.amenities()) | (s.isListed() ? LISTED_BIT : 0);
      positionById.put(s.id(), i);
      lat[i] = s.location().lat();
      lon[i] = s.location().lon();
      mercX[i] = Clusters.mercatorX(lon[i]);
      mercY[i] = Clusters.mercatorY(lat[i]);
    }
    index = PointIndex.build(lat, lon);
    latOf = lat;
    lonOf = lon;
    double a = Double.POSITIVE_INFINITY;
    double b = Double.NEGATIVE_INFINITY;
    double c = Double.POSITIVE_INFINITY;
    double d = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      a = Math.min(a, lat[i]);
      b = Math.max(b, lat[i]);
      c = Math.min(c, lon[i]);
      d = Math.max(d, lon[i]);
    }
    minLatAll = a;
    maxLatAll = b;
    minLonAll = c;
    maxLonAll = d;
  }

  public static StationSnapshot empty() {
    return EMPTY;
  }

  /** Builds a snapshot from scratch, rendering every station's feature. */
  public static StationSnapshot of(Collection<Station> all) {
    return EMPTY.with(all);
  }

  /**
   * A new snapshot with the given stations added or replaced (by id); renders only those, reuses
   * the rest.
   */
  public StationSnapshot with(Collection<Station> changed) {
    Map<String, Station> byId = new HashMap<>(changed.size() * 2);
    for (Station s : changed) {
      byId.put(s.id(), s);
    }
    List<Station> merged = new ArrayList<>(stations.length + changed.size());
    List<byte[]> rendered = new ArrayList<>(stations.length + changed.size());
    List<Integer> summaries = new ArrayList<>(stations.length + changed.size());
    for (int i = 0; i < stations.length; i++) {
      if (!byId.containsKey(stations[i].id())) {
        merged.add(stations[i]);
        rendered.add(features[i]);
        summaries.add(summaryLength[i]);
      }
    }
    for (Station s : byId.values()) {
      merged.add(s);
      StationGeoJson.Rendered r = StationGeoJson.render(s);
      rendered.add(r.bytes());
      summaries.add(r.summaryLength());
    }
    Integer[] order = new Integer[merged.size()];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, Comparator.comparing(i -> merged.get(i).id()));
    Station[] st = new Station[order.length];
    byte[][] fe = new byte[order.length][];
    int[] sl = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      st[i] = merged.get(order[i]);
      fe[i] = rendered.get(order[i]);
      sl[i] = summaries.get(order[i]);
    }
    return new StationSnapshot(st, fe, sl);
  }

  public int size() {
    return stations.length;
  }

  public Optional<Station> find(String id) {
    Integer i = positionById.get(id);
    return i == null ? Optional.empty() : Optional.of(stations[i]);
  }

  /** The pre-rendered feature of a station, if present. */
  public Optional<byte[]> findFeature(String id) {
    Integer i = positionById.get(id);
    return i == null ? Optional.empty() : Optional.of(features[i]);
  }

  /** Stations in id order (including closed ones), for exports. */
  public List<Station> list() {
    return List.of(stations);
  }

  /** The nearest listed stations matching the query, nearest first, ties by id. */
  public List<NearbyResult> nearby(NearbyQuery q, Instant now) {
    return nearby(q, now, null);
  }

  /**
   * The nearest listed stations matching the query and {@code also} (a test on state the snapshot
   * does not hold, such as live free seats; {@code null} for none), nearest first, ties by id.
   */
  public List<NearbyResult> nearby(NearbyQuery q, Instant now, Predicate<Station> also) {
    IntPredicate accept = accepting(q.filter(), now, also);
    int[] items = new int[q.limit()];
    double[] dist = new double[q.limit()];
    int n = index.nearest(q.at().lat(), q.at().lon(), q.limit(), q.radiusM(), accept, items, dist);
    List<NearbyResult> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      Station s = stations[items[k]];
      out.add(
          new NearbyResult(
              s, features[items[k]], summaryLength[items[k]], dist[k], hoursAt(s, now)));
    }
    return out;
  }

  /**
   * Listed stations inside a box, in id order, from {@code offset}, at most {@code limit}.
   *
   * @param includeClosed also soft-deleted stations (admin listings)
   */
  public Page within(BoundingBox box, int offset, int limit, boolean includeClosed) {
    List<Integer> hits = new ArrayList<>();
    index.within(
        box.minLat(),
        box.maxLat(),
        box.minLon(),
        box.maxLon(),
        i -> {
          if (includeClosed || stations[i].isListed()) {
            hits.add(i);
          }
        });
    int[] sorted = hits.stream().mapToInt(Integer::intValue).sorted().toArray();
    int from = Math.min(offset, sorted.length);
    int to = Math.min(sorted.length, from + limit);
    List<Station> page = new ArrayList<>(to - from);
    List<byte[]> pageFeatures = new ArrayList<>(to - from);
    for (int k = from; k < to; k++) {
      page.add(stations[sorted[k]]);
      pageFeatures.add(features[sorted[k]]);
    }
    return new Page(page, pageFeatures, sorted.length, offset);
  }

  /**
   * Listed stations inside a box, grouped by {@link Clusters} cells at {@code zoom}, largest first.
   */
  public List<Clusters.Cluster> clusters(BoundingBox box, int zoom) {
    return clusters(box, zoom, StationFilter.ANY, Instant.now(), null);
  }

  /**
   * Listed stations inside a box that pass the filter and {@code also} ({@code null} for none),
   * grouped by {@link Clusters} cells at {@code zoom}, largest first.
   */
  public List<Clusters.Cluster> clusters(
      BoundingBox box, int zoom, StationFilter filter, Instant now, Predicate<Station> also) {
    IntPredicate accept = accepting(filter, now, also);
    Map<Long, Clusters.Sum> cells = new HashMap<>();
    IntConsumer gather =
        i -> {
          if (!accept.test(i)) {
            return;
          }
          double lat = latOf[i];
          double lon = lonOf[i];
          long key = Clusters.cellOfMercator(mercX[i], mercY[i], zoom);
          Clusters.Sum sum = cells.get(key);
          if (sum == null) {
            sum = new Clusters.Sum(i, lat, lon);
            cells.put(key, sum);
          }
          sum.add(lat, lon);
        };
    if (box.minLat() <= minLatAll
        && box.maxLat() >= maxLatAll
        && box.minLon() <= minLonAll
        && box.maxLon() >= maxLonAll) {
      for (int i = 0; i < stations.length; i++) {
        gather.accept(i); // the whole network: no need to ask the index
      }
    } else {
      index.within(box.minLat(), box.maxLat(), box.minLon(), box.maxLon(), gather);
    }
    List<Clusters.Cluster> out = new ArrayList<>(cells.size());
    for (Clusters.Sum sum : cells.values()) {
      out.add(sum.toCluster(stations[sum.first].id()));
    }
    out.sort(
        java.util.Comparator.comparingInt(Clusters.Cluster::count)
            .reversed()
            .thenComparingDouble(Clusters.Cluster::lat)
            .thenComparingDouble(Clusters.Cluster::lon));
    return out;
  }

  /** Index positions of listed stations that pass the filter and {@code also}. */
  private IntPredicate accepting(StationFilter f, Instant now, Predicate<Station> also) {
    int wanted = mask(f.amenities()) | LISTED_BIT;
    IntPredicate accept = i -> (amenityMask[i] & wanted) == wanted;
    if (!f.kinds().isEmpty()) {
      accept = accept.and(i -> f.kinds().contains(stations[i].kind()));
    }
    if (f.allDay()) {
      accept = accept.and(i -> stations[i].openingHours().isAlwaysOpen());
    }
    if (f.openNow()) {
      accept = accept.and(i -> openState(stations[i], now) == OpenState.OPEN);
    }
    if (also != null) {
      accept = accept.and(i -> also.test(stations[i]));
    }
    return accept;
  }

  /** A page of a box query: {@code matched} counts all hits, not just this page. */
  public record Page(List<Station> stations, List<byte[]> features, int matched, int offset) {}

  /** The station's hours around {@code now}; closed for good when an admin closed it. */
  public static OpeningHours.Window hoursAt(Station s, Instant now) {
    return s.status() == StationStatus.ACTIVE ? s.openingHours().windowAt(now) : CLOSED;
  }

  /** Open state by hours, overridden by an administrative closure. */
  public static OpenState openState(Station s, Instant now) {
    if (s.status() != StationStatus.ACTIVE) {
      return OpenState.CLOSED;
    }
    return s.openingHours().stateAt(now);
  }

  private static int mask(Collection<Amenity> amenities) {
    int m = 0;
    for (Amenity a : amenities) {
      m |= 1 << a.ordinal();
    }
    return m;
  }
}
