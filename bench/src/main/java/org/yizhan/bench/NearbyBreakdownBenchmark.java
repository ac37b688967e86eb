package org.yizhan.bench;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.yizhan.station.NearbyQuery;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;
import org.yizhan.station.StationStatus;
import org.yizhan.station.hours.OpenState;

/**
 * Diagnostic: what {@link StationSnapshot#nearby} adds to the bare index search, in parts, on the
 * same points as {@link NearestBenchmark} ({@code mixed} set):
 *
 * <ul>
 *   <li>{@link #indexPlain}: the index search accepting every point, the baseline of this run;
 *   <li>{@link #indexWithStationFilter}: the index search with a filter that, like the snapshot's,
 *       reads each candidate's {@link Station} object (its status) and amenity mask;
 *   <li>{@link #decorateTen}: for the 10 answers of a query (found beforehand), the open state and
 *       next change that nearby computes for each result.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class NearbyBreakdownBenchmark {

  private NearestBenchmark base;
  private int[] amenityMask;
  private int[][] answers;
  private Instant now;

  @Setup(Level.Trial)
  public void setUp() {
    base = new NearestBenchmark();
    base.pointSet = "mixed";
    base.setUp();
    now = base.now;
    amenityMask = new int[base.stations.size()];
    for (int i = 0; i < amenityMask.length; i++) {
      int m = 0;
      for (var a : base.stations.get(i).amenities()) {
        m |= 1 << a.ordinal();
      }
      amenityMask[i] = m;
    }
    answers = new int[QueryPoints.COUNT][];
    NearestBenchmark.Cursor c = new NearestBenchmark.Cursor();
    for (int q = 0; q < QueryPoints.COUNT; q++) {
      int n =
          base.index.nearest(
              base.points.lat[q],
              base.points.lon[q],
              NearestBenchmark.K,
              NearbyQuery.MAX_RADIUS_M,
              i -> true,
              c.items,
              c.dist);
      answers[q] = java.util.Arrays.copyOf(c.items, n);
    }
  }

  @Benchmark
  public void indexPlain(NearestBenchmark.Cursor c, Blackhole bh) {
    int q = c.advance();
    int n =
        base.index.nearest(
            base.points.lat[q],
            base.points.lon[q],
            NearestBenchmark.K,
            NearbyQuery.MAX_RADIUS_M,
            i -> true,
            c.items,
            c.dist);
    bh.consume(n);
    bh.consume(c.items);
  }

  @Benchmark
  public void indexWithStationFilter(NearestBenchmark.Cursor c, Blackhole bh) {
    int q = c.advance();
    int wanted = 0; // no amenity asked for, as in the HTTP benchmark
    int n =
        base.index.nearest(
            base.points.lat[q],
            base.points.lon[q],
            NearestBenchmark.K,
            NearbyQuery.MAX_RADIUS_M,
            i -> base.stations.get(i).isListed() && (amenityMask[i] & wanted) == wanted,
            c.items,
            c.dist);
    bh.consume(n);
    bh.consume(c.items);
  }

  @Benchmark
  public void decorateTen(NearestBenchmark.Cursor c, Blackhole bh) {
    for (int i : answers[c.advance()]) {
      Station s = base.stations.get(i);
      OpenState state = StationSnapshot.openState(s, now);
      Optional<Instant> next =
          s.status() == StationStatus.ACTIVE && state != OpenState.UNKNOWN
              ? s.openingHours().nextChangeAfter(now)
              : Optional.empty();
      bh.consume(state);
      bh.consume(next);
    }
  }
}
