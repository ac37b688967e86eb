package org.yizhan.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.yizhan.config.MetricsConfig;

/**
 * The server's meter registry. Enabled, it is a Prometheus registry with the JVM's meters and
 * Vert.x's HTTP server meters (labelled by route template, never by raw path); disabled, every
 * meter bound to it is a no-op and Vert.x keeps no metrics at all, so the two can be compared.
 *
 * <p>Latency histograms have a short fixed list of buckets: Micrometer's default of about 70 per
 * timer, times every route, method and status, would make thousands of series.
 */
public final class Metrics implements AutoCloseable {

  /** Vert.x's HTTP server response time, as Micrometer names it before Prometheus does. */
  static final String HTTP_RESPONSE_TIME = "vertx.http.server.response.time";

  /** Bucket bounds for latencies: 1 ms to 10 s. */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofMillis(2_500),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10)
  };

  private final MetricsConfig config;
  private final MeterRegistry registry;
  private final PrometheusMeterRegistry prometheus;
  private final JvmGcMetrics gc;

  private Metrics(MetricsConfig config, MeterRegistry registry, PrometheusMeterRegistry prom) {
    this.config = config;
    this.registry = registry;
    this.prometheus = prom;
    this.gc = prom == null ? null : new JvmGcMetrics();
  }

  /** A registry as configured: Prometheus with the JVM's meters, or no-op. */
  public static Metrics create(MetricsConfig config) {
    if (!config.enabled()) {
      // A composite with no registry hands out no-op meters.
      return new Metrics(config, new CompositeMeterRegistry(), null);
    }
    PrometheusMeterRegistry prom = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    prom.config().meterFilter(latencyBuckets());
    Metrics m = new Metrics(config, prom, prom);
    new JvmMemoryMetrics().bindTo(prom);
    m.gc.bindTo(prom);
    new JvmThreadMetrics().bindTo(prom);
    new ClassLoaderMetrics().bindTo(prom);
    new ProcessorMetrics().bindTo(prom);
    new UptimeMetrics().bindTo(prom);
    return m;
  }

  /** Fixed latency buckets for HTTP responses and for every {@code yizhan} timer. */
  private static MeterFilter latencyBuckets() {
    return new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(
          Meter.Id id, DistributionStatisticConfig config) {
        if (id.getType() != Meter.Type.TIMER
            || !(id.getName().equals(HTTP_RESPONSE_TIME) || id.getName().startsWith("yizhan."))) {
          return config;
        }
        double[] slos = new double[LATENCY_BUCKETS.length];
        for (int i = 0; i < slos.length; i++) {
          slos[i] = LATENCY_BUCKETS[i].toNanos();
        }
        return DistributionStatisticConfig.builder()
            .percentilesHistogram(false)
            .serviceLevelObjectives(slos)
            .build()
            .merge(config);
      }
    };
  }

  public boolean enabled() {
    return prometheus != null;
  }

  /** Where features bind their meters; no-op meters when metrics are off. */
  public MeterRegistry registry() {
    return registry;
  }

  /**
   * What Vert.x is built with: HTTP server metrics into this registry, labelled by route template,
   * method and status; nothing for the MQTT listeners (per-connection byte counts on the ingest
   * path) or the other domains. Unchanged when metrics are off.
   */
  public UnaryOperator<VertxBuilder> instrument(VertxOptions options) {
    if (prometheus == null) {
      return b -> b;
    }
    MicrometerMetricsOptions m =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setJvmMetricsEnabled(false)
            .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE));
    for (MetricsDomain d : MetricsDomain.values()) {
      if (d != MetricsDomain.HTTP_SERVER) {
        m.addDisabledMetricsCategory(d);
      }
    }
    options.setMetricsOptions(m);
    return b -> b.withMetrics(new MicrometerMetricsFactory(prometheus));
  }

  /**
   * The Prometheus text exposition; empty when metrics are off. Cheap but not free: not on a loop.
   */
  public Optional<String> scrape() {
    return prometheus == null ? Optional.empty() : Optional.of(prometheus.scrape());
  }

  /** The token {@code /metrics} asks for, if any. */
  public Optional<String> token() {
    return config.token();
  }

  @Override
  public void close() {
    if (gc != null) {
      gc.close();
    }
    registry.close();
  }
}
