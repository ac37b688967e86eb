package org.yizhan.planning.runs;

/** What a running job is given: where to report progress, and whether it has been asked to stop. */
public interface RunControl {

  /** Reports progress; a fraction below an earlier one is ignored. Quick, never blocks. */
  void progress(double fraction, String phase);

  /** Whether the run has been cancelled; a job checks this between its steps. */
  boolean cancelled();

  /** Runs {@code hook} when the run is cancelled (at once if it already is): to stop a solver. */
  void onCancel(Runnable hook);
}
