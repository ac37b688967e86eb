package org.yizhan.alert.notify;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of one alert event for one target, so an admin can answer "did the on-call group get
 * told?" without reading logs.
 *
 * @param alertId the alert
 * @param target the target's name
 * @param event which event
 * @param status how it ended
 * @param attempts requests made (0 if dropped before the first)
 * @param lastError the last attempt's error, or null if delivered
 * @param firstTryAt when the first request went out, or null if none did
 * @param finishedAt when the outcome was decided
 * @param deliveryId the outbox row it was sent for, or null
 */
public record DeliveryRecord(
    long alertId,
    String target,
    AlertEvent event,
    DeliveryStatus status,
    int attempts,
    String lastError,
    Instant firstTryAt,
    Instant finishedAt,
    Long deliveryId) {

  /** An outcome of a notice not kept in the outbox. */
  public DeliveryRecord(
      long alertId,
      String target,
      AlertEvent event,
      DeliveryStatus status,
      int attempts,
      String lastError,
      Instant firstTryAt,
      Instant finishedAt) {
    this(alertId, target, event, status, attempts, lastError, firstTryAt, finishedAt, null);
  }

  public DeliveryRecord {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(finishedAt, "finishedAt");
  }

  /** The shape the admin API shows. */
  public JsonObject toJson() {
    return new JsonObject()
        .put("alert_id", alertId)
        .put("target", target)
        .put("event", event.code())
        .put("status", status.code())
        .put("attempts", attempts)
        .put("last_error", lastError)
        .put("first_try_at", firstTryAt == null ? null : firstTryAt.toString())
        .put("finished_at", finishedAt.toString());
  }
}
