package org.yizhan.feedback;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Workers' reports in PostgreSQL: added anonymously, listed and handled by admins. Blocking. */
public final class FeedbackStore {

  private static final String INSERT =
      "INSERT INTO feedback (station_id, kind, text) VALUES (?, ?, ?)"
          + " RETURNING id, station_id, kind, text, status, created_at, status_changed_at";
  private static final String COLUMNS =
      "id, station_id, kind, text, status, created_at, status_changed_at";
  private static final String UPDATE =
      "UPDATE feedback SET status = ?, status_changed_at = now() WHERE id = ? RETURNING " + COLUMNS;

  private final DataSource ds;

  public FeedbackStore(DataSource ds) {
    this.ds = ds;
  }

  public JsonObject add(String stationId, FeedbackKind kind, String text) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setString(1, stationId);
      ps.setString(2, kind.code());
      ps.setString(3, text);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return row(rs);
      }
    }
  }

  /** Newest first, optionally of one status and one station, with the total matched. */
  public JsonObject list(FeedbackStatus status, String stationId, int limit, int offset)
      throws SQLException {
    return list(status, stationId, null, limit, offset);
  }

  /** As above, only of the stations listed in {@code scope} (null: of all). */
  public JsonObject list(
      FeedbackStatus status, String stationId, List<String> scope, int limit, int offset)
      throws SQLException {
    StringBuilder where = new StringBuilder(" WHERE true");
    List<String> args = new ArrayList<>();
    if (status != null) {
      where.append(" AND status = ?");
      args.add(status.code());
    }
    if (stationId != null) {
      where.append(" AND station_id = ?");
      args.add(stationId);
    }
    if (scope != null) {
      where.append(" AND station_id = ANY(?)");
    }
    try (Connection c = ds.getConnection()) {
      long matched;
      java.sql.Array scoped = scope == null ? null : c.createArrayOf("text", scope.toArray());
      try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM feedback" + where)) {
        bind(ps, args);
        if (scoped != null) {
          ps.setArray(args.size() + 1, scoped);
        }
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          matched = rs.getLong(1);
        }
      }
      JsonArray items = new JsonArray();
      try (PreparedStatement ps =
          c.prepareStatement(
              "SELECT "
                  + COLUMNS
                  + " FROM feedback"
                  + where
                  + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?")) {
        bind(ps, args);
        int next = args.size() + 1;
        if (scoped != null) {
          ps.setArray(next++, scoped);
        }
        ps.setInt(next, limit);
        ps.setInt(next + 1, offset);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            items.add(row(rs));
          }
        }
      }
      return new JsonObject()
          .put("numberMatched", matched)
          .put("numberReturned", items.size())
          .put("offset", offset)
          .put("feedback", items);
    }
  }

  /** One report, or null. */
  public JsonObject get(long id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM feedback WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  /** Sets a report's status; null if there is no such report. */
  public JsonObject setStatus(long id, FeedbackStatus status) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(UPDATE)) {
      ps.setString(1, status.code());
      ps.setLong(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? row(rs) : null;
      }
    }
  }

  private static void bind(PreparedStatement ps, List<String> args) throws SQLException {
    for (int i = 0; i < args.size(); i++) {
      ps.setString(i + 1, args.get(i));
    }
  }

  private static JsonObject row(ResultSet rs) throws SQLException {
    Timestamp changed = rs.getTimestamp("status_changed_at");
    return new JsonObject()
        .put("id", rs.getLong("id"))
        .put("station_id", rs.getString("station_id"))
        .put("kind", rs.getString("kind"))
        .put("text", rs.getString("text"))
        .put("status", rs.getString("status"))
        .put("created_at", rs.getTimestamp("created_at").toInstant().toString())
        .put("status_changed_at", changed == null ? null : changed.toInstant().toString());
  }
}
