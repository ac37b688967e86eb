package org.yizhan.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PUBACK promises that the reading is on disk: the server's sessions must not run with {@code
 * synchronous_commit=off} (a commit would return before its WAL is written, and a crash of
 * PostgreSQL loses it), and the server must not run with {@code fsync} or {@code full_page_writes}
 * off (a crash of the machine loses or tears it). The first is a session setting, so the pool turns
 * it back on for each of its connections; the others belong to whoever runs the server and are
 * reported loudly at start, not overridden.
 */
final class Durability {

  private static final Logger LOG = LoggerFactory.getLogger(Durability.class);

  /**
   * Run on each new pooled connection: {@code synchronous_commit=off} (set for the server, the
   * database or the role) becomes {@code on}; the stronger settings (remote_apply, remote_write,
   * local) are kept.
   */
  static final String SESSION_INIT =
      "SELECT set_config('synchronous_commit', 'on', false)"
          + " WHERE current_setting('synchronous_commit') = 'off'";

  /** The settings a pooled connection runs with. */
  record Settings(String synchronousCommit, String fsync, String fullPageWrites) {
    boolean durable() {
      return !synchronousCommit.equals("off") && fsync.equals("on") && fullPageWrites.equals("on");
    }
  }

  private Durability() {}

  static Settings read(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT current_setting('synchronous_commit'), current_setting('fsync'),"
                    + " current_setting('full_page_writes')")) {
      rs.next();
      return new Settings(rs.getString(1), rs.getString(2), rs.getString(3));
    }
  }

  /** Logs what the server's sessions run with; a warning for each setting that risks data. */
  static Settings check(DataSource ds) throws SQLException {
    Settings s = read(ds);
    if (s.durable()) {
      LOG.info(
          "database: durable commits (synchronous_commit={}, fsync=on, full_page_writes=on)",
          s.synchronousCommit());
      return s;
    }
    if (s.synchronousCommit().equals("off")) {
      LOG.warn(
          "database: synchronous_commit is off for this server's sessions; readings"
              + " acknowledged to devices can be lost if PostgreSQL crashes");
    }
    if (!s.fsync().equals("on")) {
      LOG.warn(
          "database: PostgreSQL runs with fsync=off; acknowledged readings (and the database"
              + " itself) can be lost if the machine crashes. Set fsync=on in production.");
    }
    if (!s.fullPageWrites().equals("on")) {
      LOG.warn(
          "database: PostgreSQL runs with full_page_writes=off; a machine crash can leave torn"
              + " pages. Set full_page_writes=on in production.");
    }
    return s;
  }
}
