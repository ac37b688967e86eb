package org.yizhan.tools.sim;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the devices of one event loop measure: counters and publish-to-PUBACK latency. Each event
 * loop has its own, so counting never contends between threads and can stay on at full load; {@link
 * Report} adds them up.
 */
final class Stats {

  final LongAdder publishedReadings = new LongAdder();
  final LongAdder publishedMessages = new LongAdder();
  final LongAdder acknowledgedReadings = new LongAdder();
  final LongAdder acknowledgedMessages = new LongAdder();

  /** Readings published and not yet acknowledged. */
  final LongAdder inFlight = new LongAdder();

  /** Readings taken and waiting in device memory to be published. */
  final LongAdder buffered = new LongAdder();

  final LongAdder connects = new LongAdder();
  final LongAdder failedConnects = new LongAdder();
  final LongAdder connectionLosses = new LongAdder();
  final LongAdder outages = new LongAdder();
  final LongAdder backfillBatches = new LongAdder();
  final LongAdder backfillReadings = new LongAdder();

  /** Readings a device skipped (dropouts). */
  final LongAdder skippedReadings = new LongAdder();

  /** Readings thrown away because a device's buffer was full. */
  final LongAdder droppedReadings = new LongAdder();

  /** Messages sent that the server should refuse (faulty devices). */
  final LongAdder expectedRejections = new LongAdder();

  final LongAdder statusMessages = new LongAdder();
  final AtomicInteger online = new AtomicInteger();
  final LatencyHistogram window = new LatencyHistogram();
  final LatencyHistogram total = new LatencyHistogram();

  /** A message of {@code readings} readings was acknowledged after {@code nanos}. */
  void acknowledged(int readings, long nanos) {
    acknowledgedReadings.add(readings);
    acknowledgedMessages.increment();
    inFlight.add(-readings);
    long micros = nanos / 1_000;
    window.record(micros);
    total.record(micros);
  }
}
