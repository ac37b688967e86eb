package org.yizhan.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.yizhan.alert.Alert;

/** Alerts as the API shows them, the detail in the reader's language. */
public final class AlertJson {

  private AlertJson() {}

  /** The alert with its detail in English, as the audit log and webhooks keep it. */
  public static JsonObject of(Alert a) {
    return of(a, Languages.EN);
  }

  /** The alert with its detail in {@code lang} ({@code "zh"} or {@code "en"}). */
  static JsonObject of(Alert a, String lang) {
    return new JsonObject()
        .put("id", a.id())
        .put("kind", a.kind())
        .put("station_id", a.stationId())
        .put("device_id", a.deviceId())
        .put("severity", a.severity())
        .put("opened_at", text(a.openedAt()))
        .put("acknowledged_at", text(a.acknowledgedAt()))
        .put("acknowledged_by", a.acknowledgedBy())
        .put("resolved_at", text(a.resolvedAt()))
        .put("detail", a.detailIn(lang));
  }

  /** {@code {"alerts": [...]}}, in the given order, details in English. */
  public static JsonObject list(List<Alert> alerts) {
    return list(alerts, Languages.EN);
  }

  /** {@code {"alerts": [...]}}, in the given order, each detail in {@code lang}. */
  static JsonObject list(List<Alert> alerts, String lang) {
    JsonArray out = new JsonArray();
    for (Alert a : alerts) {
      out.add(of(a, lang));
    }
    return new JsonObject().put("alerts", out);
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
