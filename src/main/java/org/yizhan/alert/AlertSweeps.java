package org.yizhan.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.yizhan.device.FleetWatch;

/**
 * What runs after each sweep of the fleet (every second): device alerts follow the sweep's changes
 * at once, the reconciliation after a start runs when its time comes, and station conditions are
 * judged every {@code conditionsEvery} (5 s by default), which is often enough for temperatures and
 * occupancy that change over minutes. Runs on the fleet watch's thread.
 */
public final class AlertSweeps implements BiConsumer<List<FleetWatch.Change>, Instant> {

  private final AlertBook alerts;
  private final StartupReconciliation reconciliation;
  private final ConditionWatch conditions;
  private final Duration conditionsEvery;
  private Instant lastConditions = Instant.EPOCH;

  public AlertSweeps(
      AlertBook alerts,
      StartupReconciliation reconciliation,
      ConditionWatch conditions,
      Duration conditionsEvery) {
    this.alerts = alerts;
    this.reconciliation = reconciliation;
    this.conditions = conditions;
    this.conditionsEvery = conditionsEvery;
  }

  @Override
  public void accept(List<FleetWatch.Change> changes, Instant now) {
    alerts.onSweep(changes, now);
    reconciliation.onSweep(now);
    if (!now.isBefore(lastConditions.plus(conditionsEvery))) {
      lastConditions = now;
      conditions.sweep(now);
    }
  }
}
