package org.yizhan.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import org.yizhan.alert.Alert;

/** Alerts as the API shows them. */
public final class AlertJson {

  private AlertJson() {}

  public static JsonObject of(Alert a) {
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
        .put("detail", a.detail());
  }

  /** {@code {"alerts": [...]}}, in the given order. */
  public static JsonObject list(List<Alert> alerts) {
    JsonArray out = new JsonArray();
    for (Alert a : alerts) {
      out.add(of(a));
    }
    return new JsonObject().put("alerts", out);
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }
}
