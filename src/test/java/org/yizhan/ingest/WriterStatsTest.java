package org.yizhan.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The writer's counts: running totals, and one summary per 30 s of batches for the log. */
class WriterStatsTest {

  private static final long START = 5_000;
  private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

  @Test
  void totalsCountCommittedNewRefusedAndHowBatchesWentIn() {
    WriterStats stats = new WriterStats(START);

    stats.committed(10, 7);
    stats.committed(5, 5);
    stats.refused(3);
    stats.direct();
    stats.direct();
    stats.conflicted();

    assertThat(stats.committedReadings()).isEqualTo(15);
    assertThat(stats.insertedReadings()).isEqualTo(12);
    assertThat(stats.refusedReadings()).isEqualTo(3);
    assertThat(stats.directAndConflictedBatches()).containsExactly(2, 1);
  }

  @Test
  void batchesWithinAPeriodAreNotSummedUpYet() {
    WriterStats stats = new WriterStats(START);

    assertThat(stats.batch(100, SECOND, START + 10 * SECOND)).isEmpty();
    assertThat(stats.batch(100, SECOND, START + WriterStats.EVERY_NANOS - 1)).isEmpty();
  }

  @Test
  void aPeriodIsSummedUpOnceThirtySecondsHavePassed() {
    WriterStats stats = new WriterStats(START);
    stats.batch(100, 3 * SECOND, START + SECOND);
    stats.batch(300, 6 * SECOND, START + 10 * SECOND);

    WriterStats.Summary s =
        stats.batch(200, 3 * SECOND, START + WriterStats.EVERY_NANOS).orElseThrow();

    // 600 readings in 30 s, 12 s of them writing.
    assertThat(s).isEqualTo(new WriterStats.Summary(20, 3, 200, 300, 4_000, 6_000, 40));
  }

  @Test
  void theNextPeriodStartsAfreshWhereTheLastEnded() {
    WriterStats stats = new WriterStats(START);
    stats.batch(900, 9 * SECOND, START + WriterStats.EVERY_NANOS).orElseThrow();
    long end = START + WriterStats.EVERY_NANOS;

    assertThat(stats.batch(30, SECOND, end + WriterStats.EVERY_NANOS - 1)).isEmpty();
    WriterStats.Summary s =
        stats.batch(30, 2 * SECOND, end + WriterStats.EVERY_NANOS).orElseThrow();

    assertThat(s).isEqualTo(new WriterStats.Summary(2, 2, 30, 30, 1_500, 2_000, 10));
  }

  @Test
  void figuresAreRoundedToTheNearest() {
    WriterStats stats = new WriterStats(0);
    stats.batch(45, 2_500_000, 0);

    // 45 readings in 30 s: 1.5/s; twice 2.5 ms of writing.
    WriterStats.Summary s = stats.batch(0, 2_500_000, WriterStats.EVERY_NANOS).orElseThrow();

    assertThat(s.readingsPerSecond()).isEqualTo(2);
    assertThat(s.averageWriteMs()).isEqualTo(3);
    assertThat(s.maxWriteMs()).isEqualTo(3);
    assertThat(s.averageBatch()).isEqualTo(22);
    assertThat(s.maxBatch()).isEqualTo(45);
  }
}
