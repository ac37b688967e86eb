package org.yizhan.config;

import java.time.Duration;

/**
 * How hard the server works and how much it keeps: sizes and periods that a deployment may need to
 * change for its load, each with a default that suits a province on two cores.
 *
 * @param writerQueueReadings readings that may wait for the database before new publishes are
 *     refused (not acknowledged, connection closed)
 * @param writerBatch readings written per transaction at most
 * @param rejectionsKept refused messages kept for admins (the oldest go first)
 * @param livePush how often changed live values are pushed to the map's event streams
 * @param conditionSweep how often station conditions (too hot, too cold, full) are judged
 * @param feedbackPerClient problem reports one client may send per {@code feedbackWindow}
 * @param feedbackWindow the window of {@code feedbackPerClient}
 */
public record Tuning(
    int writerQueueReadings,
    int writerBatch,
    int rejectionsKept,
    Duration livePush,
    Duration conditionSweep,
    int feedbackPerClient,
    Duration feedbackWindow) {

  /** The defaults, each documented in the README's configuration table. */
  public static final Tuning DEFAULTS =
      new Tuning(
          200_000,
          10_000,
          100_000,
          Duration.ofMillis(50),
          Duration.ofSeconds(5),
          5,
          Duration.ofMinutes(10));

  public Tuning {
    if (writerQueueReadings < 1) {
      throw new IllegalArgumentException("writer queue must be positive");
    }
    if (writerBatch < 1) {
      throw new IllegalArgumentException("writer batch must be positive");
    }
    if (rejectionsKept < 1) {
      throw new IllegalArgumentException("rejections kept must be positive");
    }
    positive(livePush, "live push period");
    positive(conditionSweep, "condition sweep period");
    if (feedbackPerClient < 1) {
      throw new IllegalArgumentException("feedback per client must be positive");
    }
    positive(feedbackWindow, "feedback window");
  }

  public Tuning withWriterQueueReadings(int readings) {
    return new Tuning(
        readings,
        writerBatch,
        rejectionsKept,
        livePush,
        conditionSweep,
        feedbackPerClient,
        feedbackWindow);
  }

  private static void positive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive");
    }
  }
}
