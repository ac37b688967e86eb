package org.yizhan.bench;

import java.util.Arrays;

/**
 * Latencies in milliseconds, kept whole (a minute at 5,000 req/s is 2.4 MB) so that percentiles are
 * exact. Used from one event loop only, so it is not thread-safe.
 */
final class Latencies {

  private double[] values = new double[4096];
  private int size;

  void add(double ms) {
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    values[size++] = ms;
  }

  int size() {
    return size;
  }

  /** Nearest-rank percentile ({@code q} in 0..1); NaN when empty. */
  double percentile(double q) {
    if (size == 0) {
      return Double.NaN;
    }
    double[] sorted = Arrays.copyOf(values, size);
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(q * size);
    return sorted[Math.max(0, Math.min(size - 1, rank - 1))];
  }
}
