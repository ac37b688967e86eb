package org.yizhan.alert;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yizhan.alert.notify.WebhookNotifier;
import org.yizhan.condition.ConditionKind;
import org.yizhan.metrics.Cached;

/**
 * The alert feature's meters: open alerts per kind (every kind the server raises, so a kind with
 * none shows 0), and webhook deliveries per outcome, summed over the targets (a target's name is
 * config, not a label: targets come and go with it).
 */
final class AlertMeters {

  /** What a webhook delivery can come to, as the notifier counts them. */
  static final List<String> OUTCOMES = List.of("delivered", "failed", "retried", "dropped");

  private AlertMeters() {}

  /** Every alert kind, as the open-alerts gauge labels them. */
  static List<String> kinds() {
    List<String> kinds = new ArrayList<>();
    kinds.add(AlertLifecycle.DEVICE_OFFLINE);
    kinds.add(ConditionWatch.SENSOR_SUSPECT);
    kinds.add(MaintenanceAlerts.KIND);
    for (ConditionKind c : ConditionKind.values()) {
      kinds.add(c.code());
    }
    return kinds;
  }

  static void bind(MeterRegistry r, AlertBook alerts, WebhookNotifier notifier) {
    Cached<Map<String, Integer>> open = new Cached<>(alerts::openByKind);
    for (String kind : kinds()) {
      Gauge.builder("yizhan.alerts.open", open, o -> o.get().getOrDefault(kind, 0))
          .description("Alerts not yet resolved, by kind")
          .tag("kind", kind)
          .strongReference(true)
          .register(r);
    }
    Cached<JsonObject> targets = new Cached<>(() -> notifier.stats().getJsonObject("targets"));
    for (String outcome : OUTCOMES) {
      FunctionCounter.builder(
              "yizhan.webhook.deliveries", notifier, n -> total(targets.get(), outcome))
          .description("Webhook deliveries by outcome, all targets together")
          .tag("outcome", outcome)
          .register(r);
    }
  }

  private static double total(JsonObject targets, String outcome) {
    long sum = 0;
    for (String name : targets.fieldNames()) {
      sum += targets.getJsonObject(name).getLong(outcome, 0L);
    }
    return sum;
  }
}
