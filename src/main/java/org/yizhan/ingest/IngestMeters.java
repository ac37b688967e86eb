package org.yizhan.ingest;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.yizhan.ingest.internal.ConnectedDevices;
import org.yizhan.telemetry.RejectReason;

/**
 * Ingest's meters (docs/operations.md "Metrics"). The totals are read from the counts the writer
 * and the rejection log already keep, at scrape time: nothing is added per reading. Only each
 * committed batch is recorded (its size and write time), on the writer thread.
 */
final class IngestMeters {

  /** Batch-size bucket bounds, in readings. */
  private static final double[] BATCH_BUCKETS = {1, 10, 50, 100, 250, 500, 1_000, 2_000, 5_000};

  private IngestMeters() {}

  /**
   * @param connected devices connected to the built-in endpoint, or null in broker mode
   * @param brokerConnected whether the broker subscription is up, or null when not in broker mode
   */
  static void bind(
      MeterRegistry r,
      ReadingWriter writer,
      RejectionLog rejections,
      ConnectedDevices connected,
      BooleanSupplier brokerConnected) {
    FunctionCounter.builder(
            "yizhan.ingest.readings.accepted", writer, ReadingWriter::committedReadings)
        .description("Readings committed to the database (a redelivery counts again)")
        .register(r);
    for (RejectReason reason : RejectReason.values()) {
      FunctionCounter.builder(
              "yizhan.ingest.messages.refused", rejections, log -> log.count(reason))
          .description("Device messages refused for good, by reason")
          .tag("reason", reason.code())
          .register(r);
    }
    Gauge.builder("yizhan.writer.queue", writer, ReadingWriter::queuedReadings)
        .description("Readings waiting for the writer")
        .baseUnit("readings")
        .strongReference(true)
        .register(r);
    DistributionSummary batches =
        DistributionSummary.builder("yizhan.writer.batch")
            .description("Readings per committed batch")
            .baseUnit("readings")
            .serviceLevelObjectives(BATCH_BUCKETS)
            .register(r);
    Timer commits =
        Timer.builder("yizhan.writer.commit")
            .description("Time to write and commit one batch")
            .register(r);
    writer.observeBatches(
        (readings, nanos) -> {
          batches.record(readings);
          commits.record(nanos, TimeUnit.NANOSECONDS);
        });
    if (connected != null) {
      Gauge.builder("yizhan.devices.connected", connected, ConnectedDevices::size)
          .description("Devices connected to the built-in MQTT endpoint")
          .strongReference(true)
          .register(r);
      Gauge.builder("yizhan.devices.capacity", connected, ConnectedDevices::capacity)
          .description("The most devices the built-in MQTT endpoint holds (mqtt.max.connections)")
          .strongReference(true)
          .register(r);
      FunctionCounter.builder(
              "yizhan.devices.refused.full", connected, ConnectedDevices::refusedForCapacity)
          .description("CONNECTs refused because the endpoint held as many devices as it may")
          .register(r);
    }
    if (brokerConnected != null) {
      Gauge.builder("yizhan.broker.connected", brokerConnected, b -> b.getAsBoolean() ? 1 : 0)
          .description("1 while the broker subscription is up (broker mode)")
          .strongReference(true)
          .register(r);
    }
  }
}
