package org.yizhan.alert;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.cluster.Duties;
import org.yizhan.device.FleetWatch;

/**
 * What runs after each sweep of the fleet (every second): device alerts follow the sweep's changes
 * at once, the reconciliation after a start runs when its time comes, and station conditions are
 * judged every {@code conditionsEvery} (5 s by default), which is often enough for temperatures and
 * occupancy that change over minutes. Runs on the fleet watch's thread.
 *
 * <p>Only on the instance that owns the cluster-wide {@link Duties}; the others skip the sweeps. On
 * becoming the owner it reloads the open alerts (another instance may have changed them) and
 * reconciles the device alerts, since it heard of no changes while it was not the owner. The others
 * reload the open alerts every {@link #FOLLOW_EVERY}, so their metrics agree with the owner's.
 */
public final class AlertSweeps implements BiConsumer<List<FleetWatch.Change>, Instant> {

  private static final Logger LOG = LoggerFactory.getLogger(AlertSweeps.class);

  private final AlertBook alerts;
  private final StartupReconciliation reconciliation;
  private final ConditionWatch conditions;
  private final Duration conditionsEvery;
  private final Duties duties;

  /**
   * How often an instance that does not own the duties reloads the open alerts, for its metrics.
   */
  static final Duration FOLLOW_EVERY = Duration.ofSeconds(15);

  private Instant lastConditions = Instant.EPOCH;
  private Instant lastFollowed = Instant.EPOCH;
  private boolean running;

  /** On the one instance of the built-in endpoint: always the owner. */
  public AlertSweeps(
      AlertBook alerts,
      StartupReconciliation reconciliation,
      ConditionWatch conditions,
      Duration conditionsEvery) {
    this(alerts, reconciliation, conditions, conditionsEvery, Duties.single());
  }

  public AlertSweeps(
      AlertBook alerts,
      StartupReconciliation reconciliation,
      ConditionWatch conditions,
      Duration conditionsEvery,
      Duties duties) {
    this.alerts = alerts;
    this.reconciliation = reconciliation;
    this.conditions = conditions;
    this.conditionsEvery = conditionsEvery;
    this.duties = duties;
    this.running = "single".equals(duties.method());
  }

  @Override
  public void accept(List<FleetWatch.Change> changes, Instant now) {
    if (!duties.owned()) {
      running = false;
      follow(now);
      return;
    }
    if (!running) {
      try {
        alerts.reload();
      } catch (SQLException e) {
        LOG.warn("alerts: cannot load the open alerts to take them over: {}", e.getMessage());
        return;
      }
      reconciliation.rearm();
      running = true;
    }
    alerts.onSweep(changes, now);
    reconciliation.onSweep(now);
    if (!now.isBefore(lastConditions.plus(conditionsEvery))) {
      lastConditions = now;
      conditions.sweep(now);
    }
  }

  /** Keeps the open alerts (and so {@code yizhan_alerts_open}) close to the owner's. */
  private void follow(Instant now) {
    if (now.isBefore(lastFollowed.plus(FOLLOW_EVERY))) {
      return;
    }
    lastFollowed = now;
    try {
      alerts.reload();
    } catch (SQLException e) {
      LOG.debug("alerts: cannot reload the open alerts: {}", e.getMessage());
    }
  }
}
