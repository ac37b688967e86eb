package org.yizhan.account;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Admin sessions in PostgreSQL ({@code admin_session}), the one place that says whether a session
 * is live. Every authenticated request asks it (one primary-key lookup), so a revocation on any
 * instance holds on every instance at once. Blocking JDBC: call from worker threads.
 */
public final class SessionStore {

  /** Expired sessions are deleted this long after they end, so a late log-out still finds them. */
  private static final String PURGE =
      "DELETE FROM admin_session WHERE expires_at < now() - interval '1 day'";

  private static final String LIVE_ACCOUNT =
      "SELECT "
          + AccountStore.COLUMNS
          + " FROM account WHERE disabled_at IS NULL AND username = (SELECT username FROM"
          + " admin_session WHERE id = ? AND revoked_at IS NULL AND expires_at > now())";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final DataSource ds;

  public SessionStore(DataSource ds) {
    this.ds = ds;
  }

  /** A new unguessable session id (128 random bits). */
  static String newId() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }

  /** Records a new session, and deletes sessions that ended more than a day ago. */
  public void create(String id, String username, Instant expiresAt, String clientIp)
      throws SQLException {
    try (Connection c = ds.getConnection()) {
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO admin_session (id, username, expires_at, client_ip)"
                  + " VALUES (?, ?, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, username);
        ps.setTimestamp(3, Timestamp.from(expiresAt));
        ps.setString(4, clientIp);
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement(PURGE)) {
        ps.executeUpdate();
      }
    }
  }

  /** The account of a live session: not revoked, not expired, its account present and enabled. */
  public Optional<Account> findLiveAccount(String id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(LIVE_ACCOUNT)) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(AccountStore.read(rs)) : Optional.empty();
      }
    }
  }

  /** Ends one session; true if it was live. */
  public boolean revoke(String id) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE admin_session SET revoked_at = now() WHERE id = ? AND revoked_at IS NULL")) {
      ps.setString(1, id);
      return ps.executeUpdate() == 1;
    }
  }

  /**
   * Ends every live session of {@code username} but {@code keep} (null: all of them), inside the
   * caller's transaction, so that it commits with the change that calls for it.
   */
  static int revokeAll(Connection c, String username, String keep) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE admin_session SET revoked_at = now() WHERE username = ?"
                + " AND revoked_at IS NULL AND id IS DISTINCT FROM ?")) {
      ps.setString(1, username);
      ps.setString(2, keep);
      return ps.executeUpdate();
    }
  }
}
