package org.yizhan.cluster;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;

/**
 * Whether this instance runs the cluster-wide duties now. Each duty asks {@link #owned()} before
 * each step (a sweep, a batch of webhooks) and does nothing while it is false, so losing ownership
 * stops the duties at the next step without any hand-off.
 */
public interface Duties {

  /** True while this instance is the one that runs the cluster-wide duties. Never blocks. */
  boolean owned();

  /** How ownership is decided: {@code single} (one instance) or {@code advisory_lock}. */
  String method();

  /** The shape readiness shows under {@code "cluster"}. */
  default JsonObject toJson() {
    return new JsonObject().put("duties_owner", owned()).put("method", method());
  }

  /** {@code yizhan_cluster_owner}: 1 on the instance that runs the duties, 0 on the others. */
  default void bindMetrics(MeterRegistry registry) {
    Gauge.builder("yizhan.cluster.owner", this, d -> d.owned() ? 1 : 0)
        .description("1 if this instance runs the cluster-wide duties (alerts, webhooks), else 0")
        .register(registry);
  }

  /** The one instance of the built-in endpoint: always the owner, no lock needed. */
  static Duties single() {
    return new Duties() {
      @Override
      public boolean owned() {
        return true;
      }

      @Override
      public String method() {
        return "single";
      }
    };
  }
}
