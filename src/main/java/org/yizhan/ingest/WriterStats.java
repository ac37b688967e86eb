package org.yizhan.ingest;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the reading writer has done: running totals any thread may read, and the batch sizes and
 * write times of the last 30 s of activity, summed up for the log (what an operator tunes by). The
 * totals are atomic; the batch figures are the writer thread's alone.
 */
final class WriterStats {

  /** How much activity one log line sums up. */
  static final long EVERY_NANOS = TimeUnit.SECONDS.toNanos(30);

  private final AtomicLong committed = new AtomicLong();
  private final AtomicLong inserted = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong directBatches = new AtomicLong();
  private final AtomicLong conflictedBatches = new AtomicLong();

  private volatile BatchObserver observer = BatchObserver.NONE;

  private long since;
  private int batches;
  private long readings;
  private int maxBatch;
  private long writeNanos;
  private long maxWriteNanos;

  /** One log line's figures, over {@code seconds} of activity. */
  record Summary(
      long readingsPerSecond,
      int batches,
      long averageBatch,
      int maxBatch,
      long averageWriteMs,
      long maxWriteMs,
      long busyPercent) {}

  /**
   * @param nowNanos the {@link System#nanoTime()} the first period starts at
   */
  WriterStats(long nowNanos) {
    this.since = nowNanos;
  }

  /** A group committed: {@code readings} in all, of which {@code newRows} were not stored yet. */
  void committed(int readings, long newRows) {
    inserted.addAndGet(newRows);
    committed.addAndGet(readings);
  }

  /** A message's readings the database refused. */
  void refused(int readings) {
    refused.addAndGet(readings);
  }

  /** A batch went straight into the table. */
  void direct() {
    directBatches.incrementAndGet();
  }

  /** A batch met a redelivered reading on the direct way and went the safe way. */
  void conflicted() {
    conflictedBatches.incrementAndGet();
  }

  /** Who hears of each committed batch besides the log (metrics). */
  void observe(BatchObserver o) {
    this.observer = o;
  }

  long committedReadings() {
    return committed.get();
  }

  long insertedReadings() {
    return inserted.get();
  }

  long refusedReadings() {
    return refused.get();
  }

  long[] directAndConflictedBatches() {
    return new long[] {directBatches.get(), conflictedBatches.get()};
  }

  /**
   * Counts one written batch; once a period has passed, returns its summary and starts the next.
   *
   * @param nowNanos {@link System#nanoTime()} after the write
   */
  Optional<Summary> batch(int size, long tookNanos, long nowNanos) {
    observer.committed(size, tookNanos);
    batches++;
    readings += size;
    maxBatch = Math.max(maxBatch, size);
    writeNanos += tookNanos;
    maxWriteNanos = Math.max(maxWriteNanos, tookNanos);
    long elapsed = nowNanos - since;
    if (elapsed < EVERY_NANOS) {
      return Optional.empty();
    }
    double seconds = elapsed / 1e9;
    Summary s =
        new Summary(
            Math.round(readings / seconds),
            batches,
            readings / batches,
            maxBatch,
            Math.round(writeNanos / 1e6 / batches),
            Math.round(maxWriteNanos / 1e6),
            Math.round(100 * writeNanos / 1e9 / seconds));
    since = nowNanos;
    batches = 0;
    readings = 0;
    maxBatch = 0;
    writeNanos = 0;
    maxWriteNanos = 0;
    return Optional.of(s);
  }
}
