package org.yizhan.alert;

import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.yizhan.alert.notify.AlertNotices;
import org.yizhan.alert.notify.JdbcDeliveryLog;
import org.yizhan.alert.notify.OutboxRelay;
import org.yizhan.alert.notify.RetryPolicy;
import org.yizhan.alert.notify.WebhookNotifier;
import org.yizhan.alert.notify.WebhookOutbox;
import org.yizhan.alert.notify.WebhookTarget;
import org.yizhan.cluster.Duties;
import org.yizhan.condition.ThresholdStore;
import org.yizhan.config.YizhanConfig;
import org.yizhan.device.DeviceRegistry;
import org.yizhan.device.FleetWatch;
import org.yizhan.lifecycle.CloseStack;
import org.yizhan.live.LiveModule;
import org.yizhan.quality.ReadingQuality;
import org.yizhan.station.Station;
import org.yizhan.station.StationRegistry;

/**
 * The alert feature as the server starts it. Alerts enter from the fleet watch's sweeps ({@link
 * AlertSweeps}: device health every sweep, the {@link StartupReconciliation} once after a start,
 * station conditions every {@code conditionSweep} through {@link ConditionWatch}); the {@link
 * AlertBook} keeps them with their lifecycle; each change stores its webhook notices in the {@link
 * WebhookOutbox} in its own transaction, and the {@link OutboxRelay} sends them through the {@link
 * WebhookNotifier}, with every outcome recorded in the {@link JdbcDeliveryLog}.
 *
 * <p>The sweeps and the relay run only while this instance owns the cluster-wide {@link Duties}
 * (always, for the built-in endpoint). Closing leaves unsent notices pending in the outbox, for the
 * next start or the next owner, then closes the delivery log.
 */
public final class AlertModule implements AutoCloseable {

  private final CloseStack parts;
  private final AlertBook alerts;
  private final ThresholdStore thresholds;
  private final ConditionWatch conditions;
  private final WebhookNotifier notifier;
  private final JdbcDeliveryLog deliveries;
  private final Duties duties;

  private AlertModule(
      CloseStack parts,
      AlertBook alerts,
      ThresholdStore thresholds,
      ConditionWatch conditions,
      WebhookNotifier notifier,
      JdbcDeliveryLog deliveries,
      Duties duties) {
    this.parts = parts;
    this.duties = duties;
    this.alerts = alerts;
    this.thresholds = thresholds;
    this.conditions = conditions;
    this.notifier = notifier;
    this.deliveries = deliveries;
  }

  /**
   * Makes the alert book and its watches and attaches them to {@code watch}'s sweeps; the caller
   * starts the watch afterwards.
   */
  public static AlertModule start(
      YizhanConfig config,
      DataSource ds,
      Vertx vertx,
      StationRegistry stations,
      DeviceRegistry devices,
      LiveModule live,
      ReadingQuality quality,
      FleetWatch watch,
      Duties duties)
      throws SQLException {
    CloseStack parts = new CloseStack();
    AlertBook alerts = new AlertBook(ds, Duration.ofSeconds(config.alerts().calmSeconds()));
    ThresholdStore thresholds = new ThresholdStore(ds);
    ConditionWatch conditions =
        new ConditionWatch(
            stations::snapshot,
            devices::list,
            live.state(),
            live.freshness(),
            quality,
            thresholds.load(),
            alerts);
    StartupReconciliation reconciliation = new StartupReconciliation(alerts, watch::states);
    watch.onEachSweep(
        new AlertSweeps(
            alerts, reconciliation, conditions, config.tuning().conditionSweep(), duties));
    JdbcDeliveryLog deliveries = parts.push("webhook delivery log", new JdbcDeliveryLog(ds));
    List<WebhookTarget> targets = WebhookTarget.parseAll(config.alerts().webhooksJson());
    AlertNotices notices =
        new AlertNotices(
            id -> stations.snapshot().find(id).map(Station::nameZh), config.alerts().consoleUrl());
    WebhookOutbox outbox = new WebhookOutbox(ds, targets, notices);
    alerts.setOutbox(outbox);
    OutboxRelay relay = parts.push("webhook outbox", new OutboxRelay(outbox, duties));
    WebhookNotifier notifier =
        parts.push(
            "webhook notifier",
            new WebhookNotifier(
                vertx, targets, RetryPolicy.DEFAULT, relay.recordingTo(deliveries)));
    relay.start(notifier);
    alerts.addListener(e -> relay.poke());
    return new AlertModule(parts, alerts, thresholds, conditions, notifier, deliveries, duties);
  }

  /** Binds the open alerts per kind and the webhook outcomes. */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    AlertMeters.bind(registry, alerts, notifier);
  }

  public AlertBook alerts() {
    return alerts;
  }

  public ThresholdStore thresholds() {
    return thresholds;
  }

  public ConditionWatch conditions() {
    return conditions;
  }

  public WebhookNotifier notifier() {
    return notifier;
  }

  /** Whether this instance runs the alerts and webhooks now. */
  public Duties duties() {
    return duties;
  }

  public JdbcDeliveryLog deliveries() {
    return deliveries;
  }

  @Override
  public void close() throws Exception {
    parts.close();
  }
}
