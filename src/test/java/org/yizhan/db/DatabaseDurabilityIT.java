package org.yizhan.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.testing.TestDatabases;

/**
 * Verifies that on an external PostgreSQL the server's own sessions commit durably even where the
 * server, database or role says {@code synchronous_commit=off}, and keep a stronger setting.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DatabaseDurabilityIT {

  @Test
  void sessionsOfThePoolTurnSynchronousCommitBackOn() throws Exception {
    TestDatabases.Db db = withSynchronousCommit("off");
    assertThat(setting(plain(db))).as("a session of anyone else").isEqualTo("off");
    try (Database d = Database.external(db.url(), db.user(), db.password(), 2)) {
      assertThat(setting(d.dataSource().getConnection())).isEqualTo("on");
    }
  }

  @Test
  void aStrongerSettingIsKept() throws Exception {
    TestDatabases.Db db = withSynchronousCommit("remote_apply");
    try (Database d = Database.external(db.url(), db.user(), db.password(), 2)) {
      assertThat(setting(d.dataSource().getConnection())).isEqualTo("remote_apply");
    }
  }

  /** A fresh database whose sessions default to this synchronous_commit. */
  private static TestDatabases.Db withSynchronousCommit(String value) throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    String name = db.url().replaceAll("^.*/([^/?]+)(\\?.*)?$", "$1");
    try (Connection c = plain(db);
        Statement st = c.createStatement()) {
      st.execute("ALTER DATABASE " + name + " SET synchronous_commit = " + value);
    }
    return db;
  }

  private static Connection plain(TestDatabases.Db db) throws Exception {
    return DriverManager.getConnection(db.url(), db.user(), db.password());
  }

  private static String setting(Connection c) throws Exception {
    try (c;
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SHOW synchronous_commit")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
