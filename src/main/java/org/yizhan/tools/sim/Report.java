package org.yizhan.tools.sim;

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
  private long steadyFromNanos = -1;
  private long steadyFromAcked;
  private long steadyToNanos = -1;
  private long steadyToAcked;
  private LatencyHistogram.Snapshot steadyLatency;

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

  /**
   * Ends the warm-up: the summary's {@code steady} rate counts from here, and its latencies are
   * those of the readings acknowledged from here on.
   */
  synchronized void startMeasuring() {
    steadyFromNanos = System.nanoTime();
    steadyFromAcked = sum(s -> s.acknowledgedReadings);
    for (Stats s : shards) {
      s.total.snapshot(true);
    }
  }

  /** The load stops (the drain begins): the end of the steady rate's span. */
  synchronized void endMeasuring() {
    steadyToNanos = System.nanoTime();
    steadyToAcked = sum(s -> s.acknowledgedReadings);
    steadyLatency = latency(false);
  }

  /** Ends the steady span at the end of the load unless {@code --measure-s} ended it before. */
  synchronized void endMeasuringIfRunning() {
    if (steadyFromNanos >= 0 && steadyToNanos < 0) {
      endMeasuring();
    }
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
        .put("steady", steady())
        .put("latency_ms", latencyJson(t));
  }

  /**
   * Acknowledged readings per second between the end of the warm-up and the end of the load, or
   * null without a warm-up. The summary's {@code latency_ms} then covers the same readings.
   */
  private JsonObject steady() {
    if (steadyFromNanos < 0 || steadyToNanos < steadyFromNanos) {
      return null;
    }
    double seconds = Math.max(1e-9, (steadyToNanos - steadyFromNanos) / 1e9);
    long acked = steadyToAcked - steadyFromAcked;
    return new JsonObject()
        .put("seconds", round(seconds))
        .put("acknowledged_readings", acked)
        .put("acknowledged_readings_per_s", round(acked / seconds))
        .put("latency_ms", latencyJson(steadyLatency));
  }

  private static JsonObject latencyJson(LatencyHistogram.Snapshot t) {
    return new JsonObject()
        .put("count", t.count())
        .put("p50", ms(t.percentile(0.50)))
        .put("p90", ms(t.percentile(0.90)))
        .put("p99", ms(t.percentile(0.99)))
        .put("max", ms(t.maxMicros()));
  }

  private static double ms(long micros) {
    return Math.round(micros / 100.0) / 10.0;
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}
