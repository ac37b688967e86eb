package org.yizhan.alert.notify;

import java.time.Instant;
import java.util.Objects;

/**
 * One event of one alert, carrying everything a message needs, so rendering never has to go back to
 * the database (a webhook may be retried minutes later, when the alert has moved on).
 *
 * @param event what happened
 * @param alertId the {@code alert} row's id
 * @param kind the alert's kind code, e.g. {@code device_offline}, {@code too_hot}
 * @param severity how urgent
 * @param stationId the station concerned, or null for an alert about the server itself (late
 *     storage maintenance)
 * @param stationName its display name, or null if unknown
 * @param deviceId the device concerned, or null for station-wide alerts
 * @param detail a human-readable sentence; null is taken as empty
 * @param at when the event happened (opened, acknowledged or resolved)
 * @param by who acknowledged, or null
 * @param consoleUrl a link to the alert in the admin console, or null
 * @param deliveryId the outbox row this notice is sent for, the same on every attempt and every
 *     instance, or null when it was not kept in the outbox
 */
public record AlertNotice(
    AlertEvent event,
    long alertId,
    String kind,
    AlertSeverity severity,
    String stationId,
    String stationName,
    String deviceId,
    String detail,
    Instant at,
    String by,
    String consoleUrl,
    Long deliveryId) {

  /** A notice not kept in the outbox. */
  public AlertNotice(
      AlertEvent event,
      long alertId,
      String kind,
      AlertSeverity severity,
      String stationId,
      String stationName,
      String deviceId,
      String detail,
      Instant at,
      String by,
      String consoleUrl) {
    this(
        event,
        alertId,
        kind,
        severity,
        stationId,
        stationName,
        deviceId,
        detail,
        at,
        by,
        consoleUrl,
        null);
  }

  /** The same notice as sent for outbox row {@code id}. */
  public AlertNotice withDeliveryId(long id) {
    return new AlertNotice(
        event,
        alertId,
        kind,
        severity,
        stationId,
        stationName,
        deviceId,
        detail,
        at,
        by,
        consoleUrl,
        id);
  }

  public AlertNotice {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(at, "at");
    detail = detail == null ? "" : detail;
  }
}
