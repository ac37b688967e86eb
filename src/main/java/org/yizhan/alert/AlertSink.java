package org.yizhan.alert;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Where condition signals go: the {@link AlertBook}, or a counter in a benchmark. */
public interface AlertSink {

  /** Changes only: opens alerts for active signals, starts the calm of inactive ones. */
  void apply(List<AlertBook.Signal> signals, Instant now);

  /**
   * The whole state of {@code kinds}: any open alert of those kinds not in {@code active} clears.
   */
  void applyState(Set<String> kinds, List<AlertBook.Signal> active, Instant now);
}
