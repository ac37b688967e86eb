package org.yizhan.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * The broker client ids recorded in {@code broker_session} whose instance lock no session holds:
 * their instance is dead (or stopped), and its persistent broker session has nobody to take its
 * messages. See {@link InstanceClaim}.
 */
public final class DeadInstances {

  private static final String DEAD =
      "SELECT s.client_id FROM broker_session s WHERE s.client_id <> ? AND NOT EXISTS ("
          + "SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.classid::bigint = ?"
          + " AND l.objid::bigint = s.lock_key AND l.objsubid = 2 AND l.granted)";

  private DeadInstances() {}

  /** The dead instances' client ids, leaving out {@code own}. */
  public static Set<String> list(DataSource ds, String own) throws SQLException {
    Set<String> out = new TreeSet<>();
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(DEAD)) {
      ps.setQueryTimeout((int) Math.max(1, DutyLock.CHECK_TIMEOUT.toSeconds()));
      ps.setString(1, own);
      ps.setInt(2, InstanceClaim.KEY_APP);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }
}
