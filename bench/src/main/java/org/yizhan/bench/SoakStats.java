package org.yizhan.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * One kind of request's outcomes over a window of the soak: answered requests with their latencies,
 * and the failures by cause. Used from one event loop only, so it is not thread-safe.
 */
final class SoakStats {

  private double[] latenciesMs = new double[1024];
  private int answered;
  private long errors;
  private long timeouts;
  private long shed;

  /** An answer arrived; {@code ok} when its status was 2xx. */
  void answered(double latencyMs, boolean ok) {
    if (answered == latenciesMs.length) {
      latenciesMs = Arrays.copyOf(latenciesMs, answered * 2);
    }
    latenciesMs[answered++] = latencyMs;
    if (!ok) {
      errors++;
    }
  }

  /** No answer: timed out when {@code timeout}, else the connection failed. */
  void failed(boolean timeout) {
    if (timeout) {
      timeouts++;
    } else {
      errors++;
    }
  }

  /** Not sent because too many of its kind were still waiting (the server has stalled). */
  void shed() {
    shed++;
  }

  /** Adds another window's outcomes to these (for the run's totals). */
  void addAll(SoakStats other) {
    for (int i = 0; i < other.answered; i++) {
      answered(other.latenciesMs[i], true);
    }
    errors += other.errors;
    timeouts += other.timeouts;
    shed += other.shed;
  }

  /**
   * {@code kind_n=.. kind_err=.. kind_timeout=.. kind_shed=.. kind_p50_ms=.. kind_p99_ms=..
   * kind_max_ms=..}; errors are non-2xx answers and failed connections, n counts answers.
   */
  String fields(String kind) {
    double[] sorted = Arrays.copyOf(latenciesMs, answered);
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "%1$s_n=%2$d %1$s_err=%3$d %1$s_timeout=%4$d %1$s_shed=%5$d"
            + " %1$s_p50_ms=%6$.1f %1$s_p99_ms=%7$.1f %1$s_max_ms=%8$.1f",
        kind,
        answered,
        errors,
        timeouts,
        shed,
        percentile(sorted, 0.50),
        percentile(sorted, 0.99),
        percentile(sorted, 1.0));
  }

  /** Nearest-rank percentile of sorted values; NaN when there are none. */
  private static double percentile(double[] sorted, double q) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(q * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }
}
