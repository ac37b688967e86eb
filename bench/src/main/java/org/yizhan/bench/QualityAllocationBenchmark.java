package org.yizhan.bench;

import java.time.Instant;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.yizhan.quality.QualityRules;
import org.yizhan.quality.ReadingQuality;
import org.yizhan.telemetry.Reading;

/**
 * What judging one good reading allocates on the writer thread once every device is known (the
 * steady state of ingest). Run with {@code -prof gc}: {@code assessGoodReading} minus {@code
 * buildReadingOnly} in {@code gc.alloc.rate.norm} is the judge's own allocation per reading, the
 * rest being the reading the decoder would have built anyway. The stream moves forward in time for
 * ever: 100 devices, one reading a minute each, jittery but plausible counters and climate.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class QualityAllocationBenchmark {

  private static final int DEVICES = 100;
  private static final Instant T0 = Instant.parse("2026-07-15T00:00:00Z");

  private final String[] ids = new String[DEVICES];
  private final long[] entries = new long[DEVICES];
  private final long[] exits = new long[DEVICES];
  private ReadingQuality quality;
  private long next;
  private long random = 5;
  private long flagged;

  @Setup(Level.Trial)
  public void setUp() {
    quality = new ReadingQuality(QualityRules.DEFAULTS);
    for (int d = 0; d < DEVICES; d++) {
      ids[d] = "dev-alloc-" + d;
      entries[d] = 5_000;
      exits[d] = 4_996;
    }
    // Every device known and its history filled before measuring: 200 minutes each.
    for (int i = 0; i < DEVICES * 200; i++) {
      flagged += quality.assess(nextReading(), 20, false) == 0 ? 0 : 1;
    }
  }

  /** Fails the run if the stream was not the good readings this benchmark is about. */
  @TearDown(Level.Trial)
  public void checkNothingFlagged() {
    if (flagged > 0) {
      throw new IllegalStateException(flagged + " readings were flagged: not a good stream");
    }
  }

  @Benchmark
  public int assessGoodReading() {
    int mask = quality.assess(nextReading(), 20, false);
    flagged += mask == 0 ? 0 : 1;
    return mask;
  }

  /** The baseline: building the reading alone, as the decoder does before the judge sees it. */
  @Benchmark
  public Reading buildReadingOnly() {
    return nextReading();
  }

  private Reading nextReading() {
    int d = (int) (next % DEVICES);
    long minute = next / DEVICES + 1;
    next++;
    entries[d] += bits(1);
    exits[d] += bits(1);
    Instant time = T0.plusSeconds(60 * minute);
    return new Reading(
        "st-q",
        ids[d],
        1_000 + minute,
        time,
        (int) (bits(8) % 6),
        entries[d],
        exits[d],
        25.0 + (bits(8) % 10) / 10.0,
        50.0 + bits(8) % 10,
        80,
        -67,
        "1.4.2",
        time.plusMillis(700));
  }

  /** xorshift: random bits without allocating. */
  private long bits(int n) {
    random ^= random << 13;
    random ^= random >>> 7;
    random ^= random << 17;
    return random >>> (64 - n);
  }
}
