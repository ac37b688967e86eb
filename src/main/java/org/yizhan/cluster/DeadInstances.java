package org.yizhan.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The broker client ids recorded in {@code broker_session} whose instance lock no session holds:
 * their instance is dead (or stopped), and its persistent broker session has nobody to take its
 * messages. See {@link InstanceClaim}.
 */
public final class DeadInstances {

  private static final String FREE =
      "NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory'"
          + " AND l.classid::bigint = ? AND l.objid::bigint = s.lock_key AND l.objsubid = 2"
          + " AND l.granted)";
  private static final String DEAD =
      "SELECT s.client_id, s.retire_requested_at IS NOT NULL FROM broker_session s"
          + " WHERE s.client_id <> ? AND "
          + FREE;
  private static final String FORGET =
      "DELETE FROM broker_session s WHERE s.client_id = ?"
          + " AND s.retire_requested_at IS NOT NULL AND "
          + FREE;

  private DeadInstances() {}

  /**
   * The dead instances' client ids, leaving out {@code own}, each with whether an admin asked for
   * it to be retired ({@code retire_requested_at} set).
   */
  public static Map<String, Boolean> list(DataSource ds, String own) throws SQLException {
    Map<String, Boolean> out = new TreeMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(DEAD)) {
      ps.setQueryTimeout((int) Math.max(1, DutyLock.CHECK_TIMEOUT.toSeconds()));
      ps.setString(1, own);
      ps.setInt(2, InstanceClaim.KEY_APP);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getString(1), rs.getBoolean(2));
        }
      }
    }
    return out;
  }

  /**
   * Forgets a retired id whose broker session has been ended; false if its instance came back (it
   * holds the lock, or cleared the request) meanwhile.
   */
  public static boolean forget(DataSource ds, String clientId) throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(FORGET)) {
      ps.setString(1, clientId);
      ps.setInt(2, InstanceClaim.KEY_APP);
      return ps.executeUpdate() == 1;
    }
  }
}
