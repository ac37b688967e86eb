package org.yizhan.api;

import java.util.List;
import org.yizhan.alert.AlertBook;
import org.yizhan.config.YizhanConfig;
import org.yizhan.feedback.FeedbackStore;
import org.yizhan.feedback.RateLimiter;
import org.yizhan.history.ReadingHistory;
import org.yizhan.live.LiveHub;
import org.yizhan.live.LiveView;
import org.yizhan.station.StationRegistry;

/**
 * Everything the HTTP layer reads from, built once by the server and shared by all HTTP verticle
 * instances.
 *
 * @param devices device provisioning and inspection, absent until ingestion is wired
 */
public record ApiServices(
    YizhanConfig config,
    String adminToken,
    StationRegistry stations,
    LiveView live,
    LiveHub liveHub,
    ReadingHistory history,
    DeviceJson devices,
    FeedbackStore feedback,
    RateLimiter feedbackLimiter,
    AlertBook alerts,
    org.yizhan.alert.notify.WebhookNotifier notifier,
    org.yizhan.alert.notify.JdbcDeliveryLog deliveries,
    org.yizhan.alert.ConditionWatch conditions,
    org.yizhan.condition.ThresholdStore thresholds,
    org.yizhan.account.Accounts accounts,
    org.yizhan.account.AuditLog auditLog,
    List<org.yizhan.health.ReadinessCheck> readiness) {}
