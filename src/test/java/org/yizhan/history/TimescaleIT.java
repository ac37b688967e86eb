package org.yizhan.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.yizhan.db.Database;
import org.yizhan.testing.TestDatabases;

/**
 * Verifies the TimescaleDB path: hypertable, compression and retention policies, and continuous
 * aggregates. Runs only where the test database has the extension preloaded (point
 * YIZHAN_TEST_DB_URL at such a server); skipped with a message otherwise.
 */
class TimescaleIT {

  @Test
  void readingBecomesAHypertableWithPoliciesAndAggregates() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      boolean timescale = TimescaleSetup.apply(db.dataSource());
      assumeTrue(
          timescale,
          "TimescaleDB is not available in the test database (not installed or not in"
              + " shared_preload_libraries): skipping the hypertable, policy and aggregate checks");
      // Applying twice is harmless (the server does it at every start).
      assertThat(TimescaleSetup.apply(db.dataSource())).isTrue();
      assertThat(
              single(
                  db,
                  "SELECT count(*) FROM timescaledb_information.hypertables"
                      + " WHERE hypertable_name = 'reading'"))
          .isEqualTo(1);
      assertThat(
              single(
                  db,
                  "SELECT count(*) FROM timescaledb_information.jobs"
                      + " WHERE hypertable_name = 'reading'"
                      + " AND proc_name IN ('policy_compression', 'policy_retention')"))
          .isEqualTo(2);
      assertThat(
              single(
                  db,
                  "SELECT count(*) FROM timescaledb_information.continuous_aggregates"
                      + " WHERE view_name IN ('reading_15m', 'reading_1h')"))
          .isEqualTo(2);
    }
  }

  private static long single(Database db, String sql) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
