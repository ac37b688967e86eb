package org.yizhan.account;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Who changed what: one row per admin write with the value before and after, kept in PostgreSQL.
 * Blocking JDBC: call from worker threads, after the write it describes has committed.
 */
public final class AuditLog {

  /** One admin write. {@code before} is null for a creation, {@code after} for a deletion. */
  public record Entry(
      String actor,
      String action,
      String targetType,
      String targetId,
      String stationId,
      JsonObject before,
      JsonObject after,
      String clientIp) {}

  private final DataSource ds;

  public AuditLog(DataSource ds) {
    this.ds = ds;
  }

  public void record(Entry e) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO audit_log (actor, action, target_type, target_id, station_id,"
                    + " before, after, client_ip) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?)")) {
      ps.setString(1, e.actor());
      ps.setString(2, e.action());
      ps.setString(3, e.targetType());
      ps.setString(4, e.targetId());
      ps.setString(5, e.stationId());
      setJson(ps, 6, e.before());
      setJson(ps, 7, e.after());
      ps.setString(8, e.clientIp());
      ps.executeUpdate();
    }
  }

  /** Newest first, optionally only one actor's or one target's entries. */
  public JsonObject list(String actor, String targetType, String targetId, int limit, int offset)
      throws SQLException {
    StringBuilder sql =
        new StringBuilder(
            "SELECT id, at, actor, action, target_type, target_id, station_id, before::text,"
                + " after::text, client_ip FROM audit_log WHERE true");
    List<String> args = new ArrayList<>();
    if (actor != null) {
      sql.append(" AND actor = ?");
      args.add(actor);
    }
    if (targetType != null) {
      sql.append(" AND target_type = ?");
      args.add(targetType);
    }
    if (targetId != null) {
      sql.append(" AND target_id = ?");
      args.add(targetId);
    }
    sql.append(" ORDER BY at DESC, id DESC LIMIT ? OFFSET ?");
    JsonArray out = new JsonArray();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql.toString())) {
      int i = 1;
      for (String a : args) {
        ps.setString(i++, a);
      }
      ps.setInt(i++, limit);
      ps.setInt(i, offset);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new JsonObject()
                  .put("id", rs.getLong(1))
                  .put("at", rs.getTimestamp(2).toInstant().toString())
                  .put("actor", rs.getString(3))
                  .put("action", rs.getString(4))
                  .put("target_type", rs.getString(5))
                  .put("target_id", rs.getString(6))
                  .put("station_id", rs.getString(7))
                  .put("before", json(rs.getString(8)))
                  .put("after", json(rs.getString(9)))
                  .put("client_ip", rs.getString(10)));
        }
      }
    }
    return new JsonObject().put("entries", out);
  }

  private static void setJson(PreparedStatement ps, int i, JsonObject o) throws SQLException {
    if (o == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, o.encode());
    }
  }

  private static JsonObject json(String s) {
    return s == null ? null : new JsonObject(s);
  }
}
