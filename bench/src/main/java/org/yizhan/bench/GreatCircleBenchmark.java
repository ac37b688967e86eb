package org.yizhan.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.yizhan.geo.GreatCircle;

/**
 * Diagnostic: the cost of the two geometric primitives of the index search, per call, so that the
 * counts printed by {@link SearchCost} can be turned into time. {@code boundInsideLongitude} is a
 * box whose longitude range holds the query (one multiplication); {@code boundOffLongitude} is a
 * box beside it (two point-to-meridian distances, each a tan, an atan and a haversine); {@code
 * haversine} is one point distance through the public API.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class GreatCircleBenchmark {

  private static final int N = 1024;
  private final double[] lat = new double[N];
  private final double[] lon = new double[N];
  private int i;

  @Setup
  public void setUp() {
    SplittableRandom rnd = new SplittableRandom(1);
    for (int j = 0; j < N; j++) {
      lat[j] = 22 + 19 * rnd.nextDouble();
      lon[j] = 102 + 20 * rnd.nextDouble();
    }
  }

  private int next() {
    i = (i + 1) & (N - 1);
    return i;
  }

  @Benchmark
  public double boundInsideLongitude() {
    int j = next();
    return GreatCircle.lowerBoundToBox(
        lat[j], lon[j], lat[j] + 0.1, lat[j] + 0.3, lon[j] - 0.1, lon[j] + 0.1);
  }

  @Benchmark
  public double boundOffLongitude() {
    int j = next();
    return GreatCircle.lowerBoundToBox(
        lat[j], lon[j], lat[j] - 0.1, lat[j] + 0.3, lon[j] + 0.1, lon[j] + 0.3);
  }

  @Benchmark
  public double haversine() {
    int j = next();
    return GreatCircle.distanceMeters(lat[j], lon[j], lat[j] + 0.05, lon[j] + 0.07);
  }
}
