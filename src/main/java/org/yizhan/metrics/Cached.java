package org.yizhan.metrics;

import java.util.function.Supplier;

/**
 * A figure computed at most once a second, for several gauges read from one costly answer (every
 * device's state, counted per state): one scrape asks it once per gauge, the source answers once.
 */
public final class Cached<T> implements Supplier<T> {

  private static final long FRESH_NANOS = 1_000_000_000L;

  private final Supplier<T> source;
  private T value;
  private long at;
  private boolean computed;

  public Cached(Supplier<T> source) {
    this.source = source;
  }

  @Override
  public synchronized T get() {
    long now = System.nanoTime();
    if (!computed || now - at >= FRESH_NANOS) {
      value = source.get();
      at = now;
      computed = true;
    }
    return value;
  }
}
