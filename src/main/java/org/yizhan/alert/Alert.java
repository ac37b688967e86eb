package org.yizhan.alert;

import java.time.Instant;

/**
 * One stored alert as it stands.
 *
 * @param kind the condition, e.g. {@code device_offline}, {@code too_hot}
 * @param deviceId the device it is about, or null for a station condition
 * @param severity {@code info}, {@code warning} or {@code critical}, as the condition set it
 * @param acknowledgedAt null until an admin acknowledges it
 * @param acknowledgedBy who acknowledged it, or null
 * @param resolvedAt null while it is open
 */
public record Alert(
    long id,
    String kind,
    String stationId,
    String deviceId,
    String severity,
    Instant openedAt,
    Instant acknowledgedAt,
    String acknowledgedBy,
    Instant resolvedAt,
    String detail) {}
