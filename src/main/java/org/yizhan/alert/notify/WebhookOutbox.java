package org.yizhan.alert.notify;

import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.yizhan.alert.AlertBook;
import org.yizhan.alert.AlertOutbox;

/**
 * The {@code webhook_outbox} table: one row per notice and target, written in the transaction of
 * the alert change that causes it, {@code pending} until the instance that runs the duties has sent
 * it ({@code delivered}) or given up ({@code failed}). The row's id is the delivery id that
 * receivers see. Blocking JDBC: call it off the event loops.
 */
public final class WebhookOutbox implements AlertOutbox {

  private static final String INSERT =
      "INSERT INTO webhook_outbox (alert_id, event, target, notice) VALUES (?, ?, ?, ?::jsonb)";
  private static final String PENDING =
      "SELECT id, target, notice FROM webhook_outbox WHERE status = 'pending' ORDER BY id LIMIT ?";
  private static final String FINISH =
      "UPDATE webhook_outbox SET status = ?, finished_at = ? WHERE id = ? AND status = 'pending'";
  private static final String FORGET =
      "DELETE FROM webhook_outbox WHERE status <> 'pending' AND finished_at < ?";

  /** A notice waiting to be sent to one target. */
  public record Pending(long id, String target, AlertNotice notice) {}

  private final DataSource ds;
  private final List<WebhookTarget> targets;
  private final AlertNotices notices;

  public WebhookOutbox(DataSource ds, List<WebhookTarget> targets, AlertNotices notices) {
    this.ds = ds;
    this.targets = List.copyOf(targets);
    this.notices = notices;
  }

  /** One row per event and target that wants it, on the alerts' transaction. */
  @Override
  public void add(Connection c, List<AlertBook.Event> events) throws SQLException {
    if (targets.isEmpty() || events.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (AlertBook.Event e : events) {
        AlertNotice n = notices.of(e);
        String json = toJson(n).encode();
        for (WebhookTarget t : targets) {
          if (t.wants(n)) {
            ps.setLong(1, n.alertId());
            ps.setString(2, n.event().code());
            ps.setString(3, t.name());
            ps.setString(4, json);
            ps.addBatch();
          }
        }
      }
      ps.executeBatch();
    }
  }

  /** The oldest pending rows first, at most {@code limit}. */
  public List<Pending> pending(int limit) throws SQLException {
    List<Pending> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(PENDING)) {
      ps.setInt(1, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long id = rs.getLong(1);
          out.add(
              new Pending(
                  id,
                  rs.getString(2),
                  fromJson(new JsonObject(rs.getString(3))).withDeliveryId(id)));
        }
      }
    }
    return out;
  }

  /** Marks a pending row delivered or failed; a row already finished stays as it is. */
  public void finish(long id, DeliveryStatus status, Instant at) throws SQLException {
    if (status == DeliveryStatus.DROPPED) {
      throw new IllegalArgumentException("an outbox row is never dropped, it stays pending");
    }
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(FINISH)) {
      ps.setString(1, status.code());
      ps.setTimestamp(2, Timestamp.from(at));
      ps.setLong(3, id);
      ps.executeUpdate();
    }
  }

  /** Deletes finished rows older than {@code before} (the delivery log keeps the history). */
  public int forgetFinished(Instant before) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(FORGET)) {
      ps.setTimestamp(1, Timestamp.from(before));
      return ps.executeUpdate();
    }
  }

  static JsonObject toJson(AlertNotice n) {
    return new JsonObject()
        .put("event", n.event().code())
        .put("alert_id", n.alertId())
        .put("kind", n.kind())
        .put("severity", n.severity().code())
        .put("station_id", n.stationId())
        .put("station_name", n.stationName())
        .put("device_id", n.deviceId())
        .put("detail", n.detail())
        .put("at", n.at().toString())
        .put("by", n.by())
        .put("console_url", n.consoleUrl());
  }

  static AlertNotice fromJson(JsonObject j) {
    return new AlertNotice(
        AlertEvent.findByCode(j.getString("event")).orElseThrow(),
        j.getLong("alert_id"),
        j.getString("kind"),
        AlertSeverity.findByCode(j.getString("severity")).orElse(AlertSeverity.WARNING),
        j.getString("station_id"),
        j.getString("station_name"),
        j.getString("device_id"),
        j.getString("detail"),
        Instant.parse(j.getString("at")),
        j.getString("by"),
        j.getString("console_url"));
  }
}
