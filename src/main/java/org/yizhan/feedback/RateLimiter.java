package org.yizhan.feedback;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code max} events per client in any {@code windowMs} (a sliding log per client), so one
 * phone cannot flood the admin inbox. Clients idle for a whole window are forgotten.
 */
public final class RateLimiter {

  private final int max;
  private final long windowMs;
  private final Map<String, long[]> byClient = new ConcurrentHashMap<>();
  private volatile long lastSweepMs;

  public RateLimiter(int max, long windowMs) {
    this.max = max;
    this.windowMs = windowMs;
  }

  /**
   * Records an event for {@code client} at {@code nowMs} if allowed; returns 0 then, else how many
   * milliseconds until the next one is allowed.
   */
  public long tryAcquire(String client, long nowMs) {
    sweep(nowMs);
    long[] wait = {0};
    byClient.compute(
        client,
        (k, times) -> {
          // times: a ring of the last `max` event times, oldest at times[0] after compaction
          long[] t = times == null ? new long[0] : times;
          int kept = 0;
          long[] recent = new long[Math.min(t.length, max)];
          for (long x : t) {
            if (nowMs - x < windowMs && kept < recent.length) {
              recent[kept++] = x;
            }
          }
          if (kept >= max) {
            wait[0] = recent[0] + windowMs - nowMs;
            return java.util.Arrays.copyOf(recent, kept);
          }
          long[] next = java.util.Arrays.copyOf(recent, kept + 1);
          next[kept] = nowMs;
          return next;
        });
    return Math.max(0, wait[0]);
  }

  private void sweep(long nowMs) {
    if (nowMs - lastSweepMs < windowMs) {
      return;
    }
    lastSweepMs = nowMs;
    byClient
        .entrySet()
        .removeIf(
            e -> {
              long[] t = e.getValue();
              return t.length == 0 || nowMs - t[t.length - 1] >= windowMs;
            });
  }
}
