package org.yizhan.warning.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.yizhan.warning.Warning;
import org.yizhan.warning.WarningDraft;
import org.yizhan.warning.WarningKind;
import org.yizhan.warning.WarningLevel;
import org.yizhan.warning.WarningSource;

/**
 * Warnings in PostgreSQL (migration V15). Values are trusted (validated by {@code Warnings}); the
 * table's CHECK constraints are the backstop. Blocking: call from a worker thread.
 */
public final class WarningStore {

  private static final String COLUMNS =
      "id, kind, level, city, valid_from, valid_until, ended_at, source, feed_id, set_by,"
          + " created_at";

  private static final String INSERT =
      "INSERT INTO weather_warning (kind, level, city, valid_from, valid_until, source, feed_id,"
          + " set_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING "
          + COLUMNS;

  /** A feed alert seen again updates its row; one an admin ended stays ended. */
  private static final String UPSERT_FEED =
      "INSERT INTO weather_warning (kind, level, city, valid_from, valid_until, source, feed_id,"
          + " set_by) VALUES (?, ?, ?, ?, ?, 'feed', ?, 'feed') ON CONFLICT (feed_id) DO UPDATE"
          + " SET kind = EXCLUDED.kind, level = EXCLUDED.level, city = EXCLUDED.city,"
          + " valid_from = EXCLUDED.valid_from, valid_until = EXCLUDED.valid_until"
          + " WHERE (weather_warning.kind, weather_warning.level, weather_warning.city,"
          + " weather_warning.valid_from, weather_warning.valid_until) IS DISTINCT FROM"
          + " (EXCLUDED.kind, EXCLUDED.level, EXCLUDED.city, EXCLUDED.valid_from,"
          + " EXCLUDED.valid_until) RETURNING id";

  private static final String SELECT_ONE =
      "SELECT " + COLUMNS + " FROM weather_warning WHERE id = ?";

  private static final String END =
      "UPDATE weather_warning SET ended_at = ? WHERE id = ? AND ended_at IS NULL"
          + " AND valid_until > ? RETURNING "
          + COLUMNS;

  private static final String DELETE =
      "DELETE FROM weather_warning WHERE id = ? RETURNING " + COLUMNS;

  private static final String NOT_PAST =
      "SELECT "
          + COLUMNS
          + " FROM weather_warning WHERE valid_until > ? AND (ended_at IS NULL OR ended_at > ?)"
          + " ORDER BY valid_from, id";

  private static final String RECENT =
      "SELECT " + COLUMNS + " FROM weather_warning ORDER BY valid_from DESC, id DESC LIMIT ?";

  private final DataSource ds;

  public WarningStore(DataSource ds) {
    this.ds = ds;
  }

  public Warning insert(WarningDraft d, WarningSource source, String feedId, String setBy)
      throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(INSERT)) {
      bindDraft(ps, d);
      ps.setString(6, source.code());
      ps.setString(7, feedId);
      ps.setString(8, setBy);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return read(rs);
      }
    }
  }

  /** Stores a feed alert; true if a row was added or changed. */
  public boolean upsertFeed(WarningDraft d, String feedId) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(UPSERT_FEED)) {
      bindDraft(ps, d);
      ps.setString(6, feedId);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  public Optional<Warning> find(long id) throws SQLException {
    return one(SELECT_ONE, id);
  }

  /** Ends a warning not yet past at {@code at}; empty if there is none such. */
  public Optional<Warning> end(long id, Instant at) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(END)) {
      ps.setTimestamp(1, Timestamp.from(at));
      ps.setLong(2, id);
      ps.setTimestamp(3, Timestamp.from(at));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /** Deletes a warning; the deleted row, or empty if there was none. */
  public Optional<Warning> delete(long id) throws SQLException {
    return one(DELETE, id);
  }

  /** Warnings in force or upcoming at {@code now}, earliest first. */
  public List<Warning> listNotPast(Instant now) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(NOT_PAST)) {
      ps.setTimestamp(1, Timestamp.from(now));
      ps.setTimestamp(2, Timestamp.from(now));
      return all(ps);
    }
  }

  /** The latest {@code limit} warnings by start, past ones included. */
  public List<Warning> listRecent(int limit) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(RECENT)) {
      ps.setInt(1, limit);
      return all(ps);
    }
  }

  private Optional<Warning> one(String sql, long id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  private static List<Warning> all(PreparedStatement ps) throws SQLException {
    List<Warning> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(read(rs));
      }
    }
    return out;
  }

  private static void bindDraft(PreparedStatement ps, WarningDraft d) throws SQLException {
    ps.setString(1, d.kind().code());
    ps.setString(2, d.level().code());
    ps.setString(3, d.city());
    ps.setTimestamp(4, Timestamp.from(d.from()));
    ps.setTimestamp(5, Timestamp.from(d.until()));
  }

  private static Warning read(ResultSet rs) throws SQLException {
    Timestamp ended = rs.getTimestamp("ended_at");
    return new Warning(
        rs.getLong("id"),
        WarningKind.findByCode(rs.getString("kind")).orElseThrow(),
        WarningLevel.findByCode(rs.getString("level")).orElseThrow(),
        rs.getString("city"),
        rs.getTimestamp("valid_from").toInstant(),
        rs.getTimestamp("valid_until").toInstant(),
        ended == null ? null : ended.toInstant(),
        WarningSource.ofCode(rs.getString("source")),
        rs.getString("feed_id"),
        rs.getString("set_by"),
        rs.getTimestamp("created_at").toInstant());
  }
}
