package org.yizhan.ingest;

/** Hears every batch the reading writer committed, on the writer thread; must be quick. */
@FunctionalInterface
public interface BatchObserver {

  BatchObserver NONE = (readings, writeNanos) -> {};

  /**
   * @param readings how many readings the batch held
   * @param writeNanos how long writing and committing it took
   */
  void committed(int readings, long writeNanos);
}
