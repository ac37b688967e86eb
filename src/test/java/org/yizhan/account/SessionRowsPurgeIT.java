package org.yizhan.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.db.Database;
import org.yizhan.testing.TestDatabases;

/**
 * Verifies the admin.md promise that session rows are deleted a day after their end, and not
 * sooner: the next log-in (a new session) removes rows that ended more than a day ago and keeps
 * those that ended less than a day ago, so that a late log-out still finds them.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SessionRowsPurgeIT {

  @Test
  void aNewSessionDeletesRowsThatEndedMoreThanADayAgoAndKeepsTheRest() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Database d = Database.external(db.url(), db.user(), db.password(), 2)) {
      try (Connection c = d.dataSource().getConnection()) {
        exec(
            c,
            "INSERT INTO account (username, display_name, role, password_hash) VALUES ('ops',"
                + " 'Ops', 'planner', '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g')");
        exec(c, row("ended-25-hours-ago-x", "now() - interval '25 hours'", null));
        exec(c, row("ended-23-hours-ago-x", "now() - interval '23 hours'", null));
        exec(c, row("still-live-session-x", "now() + interval '5 hours'", null));
      }
      assertThat(ids(d)).hasSize(3);

      new SessionStore(d.dataSource())
          .create("new-session-0000000", "ops", Instant.now().plus(Accounts.SESSION), "127.0.0.1");

      assertThat(ids(d))
          .containsExactlyInAnyOrder(
              "ended-23-hours-ago-x", "still-live-session-x", "new-session-0000000");
    }
  }

  private static String row(String id, String expires, String revoked) {
    return "INSERT INTO admin_session (id, username, expires_at, revoked_at) VALUES ('"
        + id
        + "', 'ops', "
        + expires
        + ", "
        + (revoked == null ? "NULL" : revoked)
        + ")";
  }

  private static void exec(Connection c, String sql) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.executeUpdate();
    }
  }

  private static List<String> ids(Database d) throws Exception {
    List<String> ids = new ArrayList<>();
    try (Connection c = d.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT id FROM admin_session");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        ids.add(rs.getString(1));
      }
    }
    return ids;
  }
}
