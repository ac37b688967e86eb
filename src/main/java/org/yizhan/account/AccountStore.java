package org.yizhan.account;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Admin accounts in PostgreSQL. Blocking JDBC: call from worker threads. */
public final class AccountStore {

  static final String COLUMNS =
      "username, display_name, role, scope_stations, scope_districts, scope_cities,"
          + " password_hash, created_at, password_changed_at, disabled_at";

  private final DataSource ds;

  public AccountStore(DataSource ds) {
    this.ds = ds;
  }

  public List<Account> all() throws SQLException {
    List<Account> out = new ArrayList<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM account ORDER BY username");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(read(rs));
      }
    }
    return out;
  }

  public Optional<Account> find(String username) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + COLUMNS + " FROM account WHERE username = ?")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    }
  }

  /** Inserts a new account; false if the user name is taken. */
  public boolean create(Account a) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "INSERT INTO account (username, display_name, role, scope_stations,"
                    + " scope_districts, scope_cities, password_hash)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (username) DO NOTHING")) {
      ps.setString(1, a.username());
      ps.setString(2, a.displayName());
      ps.setString(3, a.role().code());
      setScope(c, ps, 4, a.scope());
      ps.setString(7, a.passwordHash());
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Replaces name, role, scope and the disabled flag; the password is left alone. Disabling an
   * account ends its sessions in the same transaction, so re-enabling it does not bring them back.
   */
  public void update(Account a) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE account SET display_name = ?, role = ?, scope_stations = ?,"
                    + " scope_districts = ?, scope_cities = ?, disabled_at = ?"
                    + " WHERE username = ?")) {
          ps.setString(1, a.displayName());
          ps.setString(2, a.role().code());
          setScope(c, ps, 3, a.scope());
          ps.setTimestamp(6, a.disabledAt() == null ? null : Timestamp.from(a.disabledAt()));
          ps.setString(7, a.username());
          ps.executeUpdate();
        }
        if (a.disabled()) {
          SessionStore.revokeAll(c, a.username(), null);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  /**
   * Sets a new password hash and, in the same transaction, ends every session of the account but
   * {@code keepSession} (null: all of them).
   */
  public void setPassword(String username, String hash, String keepSession) throws SQLException {
    try (Connection c = ds.getConnection()) {
      c.setAutoCommit(false);
      try {
        try (PreparedStatement ps =
            c.prepareStatement(
                "UPDATE account SET password_hash = ?, password_changed_at = now()"
                    + " WHERE username = ?")) {
          ps.setString(1, hash);
          ps.setString(2, username);
          ps.executeUpdate();
        }
        SessionStore.revokeAll(c, username, keepSession);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    }
  }

  public long count() throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM account");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void setScope(Connection c, PreparedStatement ps, int from, Scope s)
      throws SQLException {
    ps.setArray(from, c.createArrayOf("text", s.stations().toArray()));
    ps.setArray(from + 1, c.createArrayOf("text", s.districts().toArray()));
    ps.setArray(from + 2, c.createArrayOf("text", s.cities().toArray()));
  }

  static Account read(ResultSet rs) throws SQLException {
    Timestamp created = rs.getTimestamp("created_at");
    Timestamp disabled = rs.getTimestamp("disabled_at");
    Timestamp changed = rs.getTimestamp("password_changed_at");
    return new Account(
        rs.getString("username"),
        rs.getString("display_name"),
        Role.findByCode(rs.getString("role")).orElseThrow(),
        new Scope(
            strings(rs.getArray("scope_stations")),
            strings(rs.getArray("scope_districts")),
            strings(rs.getArray("scope_cities"))),
        rs.getString("password_hash"),
        created == null ? null : created.toInstant(),
        changed == null ? null : changed.toInstant(),
        disabled == null ? null : disabled.toInstant());
  }

  private static HashSet<String> strings(Array a) throws SQLException {
    return a == null ? new HashSet<>() : new HashSet<>(Arrays.asList((String[]) a.getArray()));
  }
}
