package org.yizhan.sim;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/** Adds up the event loops' {@link Stats} into the periodic report line and the final summary. */
final class Report {

  private final List<Stats> shards;
  private final int devices;
  private long lastAcked;
  private long lastNanos = System.nanoTime();

  Report(List<Stats> shards, int devices) {
    this.shards = shards;
    this.devices = devices;
  }

  long sum(Function<Stats, LongAdder> counter) {
    long n = 0;
    for (Stats s : shards) {
      n += counter.apply(s).sum();
    }
    return n;
  }

  private int online() {
    int n = 0;
    for (Stats s : shards) {
      n += s.online.get();
    }
    return n;
  }

  private LatencyHistogram.Snapshot latency(boolean window) {
    long[] counts = new long[LatencyHistogram.BUCKETS];
    long n = 0;
    long max = 0;
    for (Stats s : shards) {
      LatencyHistogram.Snapshot one = window ? s.window.snapshot(true) : s.total.snapshot(false);
      for (int i = 0; i < counts.length; i++) {
        counts[i] += one.counts()[i];
      }
      n += one.count();
      max = Math.max(max, one.maxMicros());
    }
    return new LatencyHistogram.Snapshot(counts, n, max);
  }

  /** The one-line report since the previous one; resets the interval latencies. */
  synchronized String line() {
    long now = System.nanoTime();
    long acked = sum(s -> s.acknowledgedReadings);
    double rate = (acked - lastAcked) / Math.max(1e-9, (now - lastNanos) / 1e9);
    lastAcked = acked;
    lastNanos = now;
    LatencyHistogram.Snapshot w = latency(true);
    return String.format(
        Locale.ROOT,
        "sim: %d/%d online, %.0f readings/s acked, published %d, acked %d, in flight %d,"
            + " buffered %d, failed connects %d, losses %d, outages %d,"
            + " latency ms p50 %.1f p90 %.1f p99 %.1f max %.1f (%d msgs)",
        online(),
        devices,
        rate,
        sum(s -> s.publishedReadings),
        acked,
        sum(s -> s.inFlight),
        sum(s -> s.buffered),
        sum(s -> s.failedConnects),
        sum(s -> s.connectionLosses),
        sum(s -> s.outages),
        ms(w.percentile(0.50)),
        ms(w.percentile(0.90)),
        ms(w.percentile(0.99)),
        ms(w.maxMicros()),
        w.count());
  }

  /** Totals since the start, for the final line and {@code --summary}. */
  JsonObject summary(long measuredNanos) {
    LatencyHistogram.Snapshot t = latency(false);
    double seconds = Math.max(1e-9, measuredNanos / 1e9);
    long acked = sum(s -> s.acknowledgedReadings);
    return new JsonObject()
        .put("devices", devices)
        .put("duration_s", round(seconds))
        .put("published_readings", sum(s -> s.publishedReadings))
        .put("published_messages", sum(s -> s.publishedMessages))
        .put("acknowledged_readings", acked)
        .put("acknowledged_messages", sum(s -> s.acknowledgedMessages))
        .put("acknowledged_readings_per_s", round(acked / seconds))
        .put("in_flight", sum(s -> s.inFlight))
        .put("buffered", sum(s -> s.buffered))
        .put("connects", sum(s -> s.connects))
        .put("failed_connects", sum(s -> s.failedConnects))
        .put("connection_losses", sum(s -> s.connectionLosses))
        .put("outages", sum(s -> s.outages))
        .put("backfill_batches", sum(s -> s.backfillBatches))
        .put("backfill_readings", sum(s -> s.backfillReadings))
        .put("skipped_readings", sum(s -> s.skippedReadings))
        .put("dropped_readings", sum(s -> s.droppedReadings))
        .put("expected_rejections", sum(s -> s.expectedRejections))
        .put("status_messages", sum(s -> s.statusMessages))
        .put(
            "latency_ms",
            new JsonObject()
                .put("count", t.count())
                .put("p50", ms(t.percentile(0.50)))
                .put("p90", ms(t.percentile(0.90)))
                .put("p99", ms(t.percentile(0.99)))
                .put("max", ms(t.maxMicros())));
  }

  private static double ms(long micros) {
    return Math.round(micros / 100.0) / 10.0;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
