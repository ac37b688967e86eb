package org.yizhan.tools.sim;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A fixed-bucket latency histogram in microseconds, safe to record into from many threads: exact
 * below 16 µs, then 16 buckets per power of two (at most about 6 % error), up to about 100 days.
 * The maximum is kept exactly.
 */
final class LatencyHistogram {

  private static final int SUB_BITS = 4;
  private static final int SUB = 1 << SUB_BITS;
  private static final int MAX_EXPONENT = 43;
  static final int BUCKETS = SUB + (MAX_EXPONENT - SUB_BITS + 1) * SUB;

  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final AtomicLong max = new AtomicLong();

  /** Records one value, microseconds; negative values count as 0. */
  void record(long micros) {
    long v = Math.max(0, micros);
    counts.incrementAndGet(index(v));
    if (v > max.get()) {
      max.accumulateAndGet(v, Math::max);
    }
  }

  /** A copy of the counts, optionally resetting them (for per-interval figures). */
  Snapshot snapshot(boolean reset) {
    long[] c = new long[BUCKETS];
    long n = 0;
    for (int i = 0; i < BUCKETS; i++) {
      c[i] = reset ? counts.getAndSet(i, 0) : counts.get(i);
      n += c[i];
    }
    return new Snapshot(c, n, reset ? max.getAndSet(0) : max.get());
  }

  static int index(long v) {
    if (v < SUB) {
      return (int) v;
    }
    v = Math.min(v, (1L << (MAX_EXPONENT + 1)) - 1);
    int e = 63 - Long.numberOfLeadingZeros(v);
    int sub = (int) ((v >>> (e - SUB_BITS)) & (SUB - 1));
    return SUB + (e - SUB_BITS) * SUB + sub;
  }

  /** The smallest value in a bucket. */
  static long lowerBound(int index) {
    if (index < SUB) {
      return index;
    }
    int e = (index - SUB) / SUB + SUB_BITS;
    long sub = (index - SUB) % SUB;
    return (SUB + sub) << (e - SUB_BITS);
  }

  /**
   * Counts at one moment.
   *
   * @param counts per bucket
   * @param count values recorded
   * @param maxMicros the largest value, exact
   */
  record Snapshot(long[] counts, long count, long maxMicros) {

    /** The value below which {@code p} (0 to 1) of the values fall, microseconds; 0 if empty. */
    long percentile(double p) {
      if (count == 0) {
        return 0;
      }
      long rank = Math.max(1, (long) Math.ceil(p * count));
      long seen = 0;
      for (int i = 0; i < counts.length; i++) {
        seen += counts[i];
        if (seen >= rank) {
          long lo = lowerBound(i);
          long hi = i + 1 < BUCKETS ? lowerBound(i + 1) - 1 : lo;
          return Math.min(maxMicros, (lo + hi) / 2);
        }
      }
      return maxMicros;
    }
  }
}
