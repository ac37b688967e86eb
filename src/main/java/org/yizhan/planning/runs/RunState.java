package org.yizhan.planning.runs;

import org.yizhan.json.Coded;

/** Where a planning run is in its life. */
public enum RunState implements Coded {
  QUEUED("queued"),
  RUNNING("running"),
  DONE("done"),
  FAILED("failed"),
  CANCELLED("cancelled");

  private final String code;

  RunState(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  /** Whether the run has ended (it will not change again). */
  public boolean ended() {
    return this == DONE || this == FAILED || this == CANCELLED;
  }
}
