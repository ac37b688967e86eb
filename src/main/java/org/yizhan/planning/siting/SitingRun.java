package org.yizhan.planning.siting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.yizhan.error.DomainException;

/**
 * The controls of one siting run: its time limit, where progress goes and a cancel flag. The solver
 * thread checks {@link #stopped()} between steps (every greedy pick, every swap pass, every bound
 * iteration) and OR-Tools solvers are interrupted through {@link #onCancel}, so {@link #cancel()}
 * from another thread (an HTTP request, a closed SSE stream) ends the run within a step; the run
 * then answers with status {@link SitingStatus#CANCELLED} and the best sites found so far.
 */
public final class SitingRun {
  private final long startNanos = System.nanoTime();
  private final long limitNanos;
  private final SitingProgress progress;

  /** Guarded by itself: a hook never runs after its handle is closed (the solver is freed then). */
  private final List<Runnable> cancelHooks = new ArrayList<>();

  private volatile boolean cancelled;
  private double lastFraction;

  public SitingRun(Duration timeLimit, SitingProgress progress) {
    if (timeLimit.isNegative() || timeLimit.isZero()) {
      throw DomainException.InvalidInput.of("timeLimit", "must be above 0");
    }
    this.limitNanos = timeLimit.toNanos();
    this.progress = progress == null ? SitingProgress.NONE : progress;
  }

  /** A run with a time limit and no progress listener. */
  public static SitingRun limited(Duration timeLimit) {
    return new SitingRun(timeLimit, SitingProgress.NONE);
  }

  /** Asks the run to stop as soon as it can; safe from any thread, more than once. */
  public void cancel() {
    cancelled = true;
    synchronized (cancelHooks) {
      for (Runnable hook : cancelHooks) {
        hook.run();
      }
    }
  }

  public boolean cancelled() {
    return cancelled;
  }

  /** True once cancelled or out of time. */
  public boolean stopped() {
    return cancelled || System.nanoTime() - startNanos >= limitNanos;
  }

  public long elapsedMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Seconds left of the time limit (0 when used up). */
  public double remainingSeconds() {
    return Math.max(0, (limitNanos - (System.nanoTime() - startNanos)) / 1e9);
  }

  /** The deadline for a phase allowed {@code share} of the time left, in System.nanoTime(). */
  long phaseDeadline(double share) {
    return System.nanoTime() + (long) (remainingSeconds() * share * 1e9);
  }

  /**
   * Runs {@code hook} on cancel (at once if already cancelled) until the returned handle is closed;
   * used to interrupt a native solver.
   */
  Registration onCancel(Runnable hook) {
    synchronized (cancelHooks) {
      cancelHooks.add(hook);
      if (cancelled) {
        hook.run();
      }
    }
    return () -> {
      synchronized (cancelHooks) {
        cancelHooks.remove(hook);
      }
    };
  }

  /** A registered cancel hook; closing it never throws. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  /** Reports progress; the fraction never goes back. */
  void progress(double fraction, String phase) {
    double f = Math.max(lastFraction, Math.min(1, fraction));
    lastFraction = f;
    progress.report(f, phase);
  }
}
