package org.yizhan.bench;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.yizhan.Server;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.geo.GreatCircle;
import org.yizhan.geo.PointIndex;
import org.yizhan.geo.WgsCoordinate;
import org.yizhan.station.NearbyQuery;
import org.yizhan.station.NearbyResult;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;

/**
 * The 10 nearest stations to a query point in the national demo network (186,100 stations):
 *
 * <ul>
 *   <li>{@link #indexNearest}: {@link PointIndex#nearest} alone, accepting every point;
 *   <li>{@link #snapshotNearby}: {@link StationSnapshot#nearby}, what the HTTP handler calls: the
 *       index plus the listed/amenity filter, open state, next change and result objects;
 *   <li>{@link #bruteForceHaversine} and {@link #bruteForceHaversineTuned}: the baselines, a scan
 *       of every point keeping the 10 best, first with the public {@link
 *       GreatCircle#distanceMeters} and then with per-point terms precomputed and the arcsine left
 *       out of the loop (the fastest exact scan that is easy to write).
 * </ul>
 *
 * Each call takes the next of {@link QueryPoints#COUNT} pre-generated points, so the measured
 * figure is an average over near-station and remote queries, not one lucky cache-hot point.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class NearestBenchmark {

  static final int K = 10;
  static final long POINTS_SEED = 42L;

  /**
   * Which query points: {@code mixed} (the standard figure: 80 % within 5 km of a station, 20 %
   * uniform over China), or, to see where the time goes, {@code near} or {@code uniform} alone.
   */
  @Param({"mixed"})
  public String pointSet;

  List<Station> stations;
  StationSnapshot snapshot;
  PointIndex index;
  QueryPoints points;
  NearbyQuery[] queries;
  Instant now;

  /** Station positions in snapshot (= id) order, as degrees and as precomputed radian terms. */
  double[] lat;

  double[] lon;
  double[] phi;
  double[] cosPhi;

  @Setup(Level.Trial)
  public void setUp() {
    List<Station> generated = DemoNetworkGenerator.national(Server.DEMO_SEED);
    snapshot = StationSnapshot.of(generated);
    // The snapshot sorts by id; index the raw arrays in the same order so that positions agree.
    stations = snapshot.list();
    int n = stations.size();
    lat = new double[n];
    lon = new double[n];
    phi = new double[n];
    cosPhi = new double[n];
    for (int i = 0; i < n; i++) {
      lat[i] = stations.get(i).location().lat();
      lon[i] = stations.get(i).location().lon();
      phi[i] = Math.toRadians(lat[i]);
      cosPhi[i] = Math.cos(phi[i]);
    }
    index = PointIndex.build(lat, lon);
    double nearShare =
        switch (pointSet) {
          case "mixed" -> QueryPoints.NEAR_STATION_SHARE;
          case "near" -> 1.0;
          case "uniform" -> 0.0;
          default -> throw new IllegalArgumentException("pointSet: mixed, near or uniform");
        };
    points = new QueryPoints(stations, POINTS_SEED, nearShare);
    queries = new NearbyQuery[QueryPoints.COUNT];
    for (int i = 0; i < queries.length; i++) {
      queries[i] =
          new NearbyQuery(
              new WgsCoordinate(points.lat[i], points.lon[i]),
              K,
              NearbyQuery.MAX_RADIUS_M,
              Set.of(),
              false);
    }
    now = Instant.now();
    selfCheck();
  }

  /** Refuses to measure anything if the index and the baselines disagree on any query point. */
  private void selfCheck() {
    if (stations.size() != DemoNetworkGenerator.NATIONAL_COUNT) {
      throw new IllegalStateException("expected the national network, got " + stations.size());
    }
    Cursor c = new Cursor();
    for (int q = 0; q < QueryPoints.COUNT; q += 16) {
      double la = points.lat[q];
      double lo = points.lon[q];
      int n = index.nearest(la, lo, K, NearbyQuery.MAX_RADIUS_M, i -> true, c.items, c.dist);
      int[] plain = bruteForce(la, lo, c).clone();
      int[] tuned = bruteForceTuned(la, lo, c).clone();
      int[] fromIndex = Arrays.copyOf(c.items, n);
      if (!Arrays.equals(fromIndex, plain) || !Arrays.equals(fromIndex, tuned)) {
        throw new IllegalStateException(
            "index and brute force disagree at "
                + la
                + ","
                + lo
                + ": "
                + Arrays.toString(fromIndex)
                + " vs "
                + Arrays.toString(plain)
                + " vs "
                + Arrays.toString(tuned));
      }
      List<NearbyResult> viaSnapshot = snapshot.nearby(queries[q], now);
      for (int k = 0; k < viaSnapshot.size(); k++) {
        if (viaSnapshot.get(k).station() != stations.get(fromIndex[k])) {
          throw new IllegalStateException("snapshot.nearby and the index disagree at " + q);
        }
      }
    }
  }

  /** Per-thread cursor over the query points, output arrays and the brute-force top-k buffers. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;
    final int[] items = new int[K];
    final double[] dist = new double[K];
    final int[] topItem = new int[K];
    final double[] topKey = new double[K];

    int advance() {
      int i = next;
      next = (i + 1) & (QueryPoints.COUNT - 1);
      return i;
    }
  }

  @Benchmark
  @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
  public void indexNearest(Cursor c, Blackhole bh) {
    int q = c.advance();
    int n =
        index.nearest(
            points.lat[q], points.lon[q], K, NearbyQuery.MAX_RADIUS_M, i -> true, c.items, c.dist);
    bh.consume(n);
    bh.consume(c.items);
    bh.consume(c.dist);
  }

  @Benchmark
  @BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
  public List<NearbyResult> snapshotNearby(Cursor c) {
    return snapshot.nearby(queries[c.advance()], now);
  }

  @Benchmark
  public int[] bruteForceHaversine(Cursor c) {
    int q = c.advance();
    return bruteForce(points.lat[q], points.lon[q], c);
  }

  @Benchmark
  public int[] bruteForceHaversineTuned(Cursor c) {
    int q = c.advance();
    return bruteForceTuned(points.lat[q], points.lon[q], c);
  }

  /** Every point through the public haversine; the best K kept in a sorted array. */
  int[] bruteForce(double qLat, double qLon, Cursor c) {
    int filled = 0;
    double[] key = c.topKey;
    int[] item = c.topItem;
    for (int i = 0; i < lat.length; i++) {
      double d = GreatCircle.distanceMeters(qLat, qLon, lat[i], lon[i]);
      if (filled < K || d < key[K - 1]) {
        filled = insert(key, item, filled, d, i);
      }
    }
    return Arrays.copyOf(item, filled);
  }

  /**
   * Same ranking as {@link #bruteForce}, cheaper per point: the point's radian latitude and its
   * cosine are precomputed, and points are ranked by the haversine term {@code h}, which grows with
   * the distance, so the arcsine and square root run only for the K winners (not needed here).
   */
  int[] bruteForceTuned(double qLat, double qLon, Cursor c) {
    double qPhi = Math.toRadians(qLat);
    double qCos = Math.cos(qPhi);
    int filled = 0;
    double[] key = c.topKey;
    int[] item = c.topItem;
    for (int i = 0; i < phi.length; i++) {
      double s1 = Math.sin((phi[i] - qPhi) * 0.5);
      double s2 = Math.sin(Math.toRadians(lon[i] - qLon) * 0.5);
      double h = s1 * s1 + qCos * cosPhi[i] * s2 * s2;
      if (filled < K || h < key[K - 1]) {
        filled = insert(key, item, filled, h, i);
      }
    }
    return Arrays.copyOf(item, filled);
  }

  /**
   * Inserts into the ascending arrays, dropping the last when full; equal keys keep the earlier
   * (lower) position first, matching the index's tie rule.
   */
  private static int insert(double[] key, int[] item, int filled, double k, int i) {
    int j = filled < K ? filled++ : K - 1;
    while (j > 0 && key[j - 1] > k) {
      key[j] = key[j - 1];
      item[j] = item[j - 1];
      j--;
    }
    key[j] = k;
    item[j] = i;
    return filled;
  }
}
