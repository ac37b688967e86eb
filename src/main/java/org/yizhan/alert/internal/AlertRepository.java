package org.yizhan.alert.internal;

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
import org.yizhan.alert.Alert;

/** The {@code alert} table. Blocking JDBC: call it from a worker thread, never an event loop. */
public final class AlertRepository {

  private static final String COLUMNS =
      "id, kind, station_id, device_id, severity, opened_at, acknowledged_at, acknowledged_by,"
          + " resolved_at, detail, detail_zh";
  private static final String INSERT =
      "INSERT INTO alert (kind, station_id, device_id, severity, opened_at, detail, detail_zh)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING "
          + COLUMNS;
  private static final String RESOLVE =
      "UPDATE alert SET resolved_at = ? WHERE id = ? RETURNING " + COLUMNS;
  private static final String ACK =
      "UPDATE alert SET acknowledged_at = now(), acknowledged_by = ?"
          + " WHERE id = ? AND acknowledged_at IS NULL RETURNING "
          + COLUMNS;
  private static final String OPEN =
      "SELECT " + COLUMNS + " FROM alert WHERE resolved_at IS NULL ORDER BY id";
  private static final String ONE = "SELECT " + COLUMNS + " FROM alert WHERE id = ?";

  private final DataSource ds;

  public AlertRepository(DataSource ds) {
    this.ds = ds;
  }

  /**
   * What a new alert holds.
   *
   * @param detail the sentence in English
   * @param detailZh the same in Chinese, or null when the raiser gave none
   */
  public record NewAlert(
      String kind,
      String stationId,
      String deviceId,
      String severity,
      Instant openedAt,
      String detail,
      String detailZh) {}

  /** Statements of one transaction. */
  public interface Tx {
    /** Stores a new open alert. */
    Alert insert(NewAlert a) throws SQLException;

    /** Marks the alert resolved; empty if there is no such alert. */
    Optional<Alert> resolve(long id, Instant at) throws SQLException;

    /** Acknowledges an open alert; empty if there is none with that id still unacknowledged. */
    Optional<Alert> acknowledge(long id, String by) throws SQLException;

    /** The transaction's connection, for rows that must commit with the alerts (the outbox). */
    Connection connection();
  }

  /** Work done in one transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Tx tx) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction: everything it stores is committed, or, if anything
   * throws, nothing is.
   */
  public <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        T out = work.run(new JdbcTx(c));
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException r) {
          e.addSuppressed(r);
        }
        throw e;
      }
    }
  }

  private record JdbcTx(Connection c) implements Tx {
    @Override
    public Alert insert(NewAlert a) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(INSERT)) {
        ps.setString(1, a.kind());
        ps.setString(2, a.stationId());
        ps.setString(3, a.deviceId());
        ps.setString(4, a.severity());
        ps.setTimestamp(5, Timestamp.from(a.openedAt()));
        ps.setString(6, a.detail());
        ps.setString(7, a.detailZh());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return row(rs);
        }
      }
    }

    @Override
    public Optional<Alert> resolve(long id, Instant at) throws SQLException {
      try (PreparedStatement ps = c.prepareStatement(RESOLVE)) {
        ps.setTimestamp(1, Timestamp.from(at));
        ps.setLong(2, id);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(row(rs)) : Optional.empty();
        }
      }
    }

    @Override
    public Optional<Alert> acknowledge(long id, String by) throws SQLException {
      return acknowledgeOn(c, id, by);
    }

    @Override
    public Connection connection() {
      return c;
    }
  }

  /** The alerts not yet resolved. */
  public List<Alert> open() throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(OPEN);
        ResultSet rs = ps.executeQuery()) {
      List<Alert> out = new ArrayList<>();
      while (rs.next()) {
        out.add(row(rs));
      }
      return out;
    }
  }

  /** Acknowledges an open alert; empty if there is none with that id still unacknowledged. */
  public Optional<Alert> acknowledge(long id, String by) throws SQLException {
    try (Connection c = ds.getConnection()) {
      return acknowledgeOn(c, id, by);
    }
  }

  private static Optional<Alert> acknowledgeOn(Connection c, long id, String by)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(ACK)) {
      ps.setString(1, by);
      ps.setLong(2, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  public Optional<Alert> find(long id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(ONE)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(row(rs)) : Optional.empty();
      }
    }
  }

  /**
   * Alerts newest first: {@code open} (not resolved), {@code resolved}, or all when null; only of
   * these stations, or of all when {@code stationIds} is null.
   */
  public List<Alert> list(String status, int limit, List<String> stationIds) throws SQLException {
    String where =
        "open".equals(status)
            ? " WHERE resolved_at IS NULL"
            : "resolved".equals(status) ? " WHERE resolved_at IS NOT NULL" : " WHERE true";
    if (stationIds != null) {
      where += " AND station_id = ANY(?)";
    }
    List<Alert> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT "
                    + COLUMNS
                    + " FROM alert"
                    + where
                    + " ORDER BY opened_at DESC, id DESC LIMIT ?")) {
      int i = 1;
      if (stationIds != null) {
        ps.setArray(i++, c.createArrayOf("text", stationIds.toArray()));
      }
      ps.setInt(i, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(row(rs));
        }
      }
    }
    return out;
  }

  private static Alert row(ResultSet rs) throws SQLException {
    return new Alert(
        rs.getLong("id"),
        rs.getString("kind"),
        rs.getString("station_id"),
        rs.getString("device_id"),
        rs.getString("severity"),
        instant(rs.getTimestamp("opened_at")),
        instant(rs.getTimestamp("acknowledged_at")),
        rs.getString("acknowledged_by"),
        instant(rs.getTimestamp("resolved_at")),
        rs.getString("detail"),
        rs.getString("detail_zh"));
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
