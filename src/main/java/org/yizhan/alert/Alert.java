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
 * @param detail what happened, in English (webhooks and chat messages send it as is)
 * @param detailZh the same in Chinese; null for alerts stored before both were kept
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
    String detail,
    String detailZh) {

  /** An alert with its detail in English only. */
  public Alert(
      long id,
      String kind,
      String stationId,
      String deviceId,
      String severity,
      Instant openedAt,
      Instant acknowledgedAt,
      String acknowledgedBy,
      Instant resolvedAt,
      String detail) {
    this(
        id,
        kind,
        stationId,
        deviceId,
        severity,
        openedAt,
        acknowledgedAt,
        acknowledgedBy,
        resolvedAt,
        detail,
        null);
  }

  /** The detail in {@code lang} ({@code "zh"} or {@code "en"}), English when no Chinese is kept. */
  public String detailIn(String lang) {
    return "zh".equals(lang) && detailZh != null ? detailZh : detail;
  }
}
