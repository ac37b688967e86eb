package org.yizhan.ingest;

import org.yizhan.telemetry.RejectReason;

/** Test completions: the readings are expected to commit, and a refusal fails loudly. */
public final class Committed {

  private Committed() {}

  /** Runs {@code then} after the commit; a refusal throws, which the writer logs. */
  public static ReadingWriter.Completion then(Runnable then) {
    return ReadingWriter.Completion.of(
        then,
        (RejectReason reason, String detail) -> {
          throw new IllegalStateException("refused: " + reason.code() + ": " + detail);
        });
  }
}
