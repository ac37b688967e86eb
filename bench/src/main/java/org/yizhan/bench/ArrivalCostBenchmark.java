package org.yizhan.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.yizhan.arrival.Arrivals;
import org.yizhan.arrival.ProfileBuilder;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.live.Freshness;
import org.yizhan.live.LiveState;
import org.yizhan.station.Station;
import org.yizhan.telemetry.Reading;

/**
 * What free seats on arrival add to a nearby answer (issue 17): the {@code arrival} objects of ten
 * stations, each with four weeks of history and half with a current live value, rendered as the API
 * does ({@link Arrivals#append}), against the ten stations' bare renders of nothing (the baseline:
 * an empty loop over the same stations).
 *
 * <pre>JMH_ARGS='ArrivalCostBenchmark' bench/run-jmh.sh</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ArrivalCostBenchmark {

  private static final int STATIONS = 1_000;

  private List<Station> stations;
  private Arrivals arrivals;
  private int next;

  @Setup
  public void setup() {
    List<Station> shanxi = DemoNetworkGenerator.generate("shanxi", 20_221_231L);
    stations = new ArrayList<>(shanxi.subList(0, STATIONS));
    Instant now = Instant.now();
    long hour0 = now.getEpochSecond() / 3600 - 28 * 24;
    ProfileBuilder b = new ProfileBuilder();
    LiveState live = new LiveState();
    List<Reading> readings = new ArrayList<>();
    for (int s = 0; s < STATIONS; s++) {
      Station st = stations.get(s);
      for (int h = 0; h < 28 * 24; h++) {
        b.hour(s, st.id(), hour0 + h, (s + h) % Math.max(1, st.capacity()));
      }
      if (s % 2 == 0) {
        readings.add(
            new Reading(
                st.id(), "dev-" + s, 1, now, 1, null, null, 24.0, 40.0, 90, -70, "1.0", now));
      }
    }
    live.apply(readings);
    arrivals = Arrivals.of(b.build(now), live, new Freshness(device -> 3_600));
  }

  /** Ten stations' {@code arrival} objects, as one nearby answer carries them. */
  @Benchmark
  public int appendTen() {
    StringBuilder sb = new StringBuilder(2_048);
    Instant now = Instant.now();
    int from = next;
    next = (next + 10) % STATIONS;
    for (int i = 0; i < 10; i++) {
      arrivals.append(sb, stations.get(from + i), 3 + i, now);
    }
    return sb.length();
  }

  /** The same loop without the predictions: the baseline. */
  @Benchmark
  public int baselineTen() {
    StringBuilder sb = new StringBuilder(2_048);
    Instant now = Instant.now();
    int from = next;
    next = (next + 10) % STATIONS;
    for (int i = 0; i < 10; i++) {
      sb.append(stations.get(from + i).id()).append(now.getNano() & 1);
    }
    return sb.length();
  }
}
