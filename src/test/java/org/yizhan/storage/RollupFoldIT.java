package org.yizhan.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.config.StorageConfig;
import org.yizhan.db.Database;
import org.yizhan.testing.TestDatabases;

/**
 * The fold on plain PostgreSQL moves the trigger's pending 15-minute sums into the three rollup
 * tables, each level summed again under its own bucket, flagged readings left out.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RollupFoldIT {

  @Test
  void foldMovesPendingSumsIntoEveryLevel() throws Exception {
    TestDatabases.Db t = TestDatabases.fresh();
    try (Database db = Database.external(t.url(), t.user(), t.password(), 2)) {
      Store store = TimescaleSetup.apply(db.dataSource(), StorageConfig.DEFAULTS);
      Assumptions.assumeTrue(store == Store.PLAIN, "the fold runs on plain PostgreSQL only");
      try (Connection c = db.dataSource().getConnection();
          Statement st = c.createStatement()) {
        c.setAutoCommit(true);
        // Two readings in one 15-minute bucket, one in the next, one flagged: all in one hour.
        st.execute(
            "INSERT INTO reading (time, station_id, device_id, seq, occupancy, temperature_c,"
                + " humidity_pct, received_at, flags) VALUES"
                + " (date_trunc('hour', now()) - INTERVAL '2 hours', 's1', 'd1', 1, 4, 20, 50,"
                + " now(), NULL),"
                + " (date_trunc('hour', now()) - INTERVAL '2 hours' + INTERVAL '5 minutes', 's1',"
                + " 'd1', 2, 6, 22, 60, now(), NULL),"
                + " (date_trunc('hour', now()) - INTERVAL '2 hours' + INTERVAL '20 minutes', 's1',"
                + " 'd1', 3, 8, 24, 70, now(), NULL),"
                + " (date_trunc('hour', now()) - INTERVAL '2 hours' + INTERVAL '25 minutes', 's1',"
                + " 'd1', 4, 99, 30, 80, now(), 1)");
        try (ResultSet rs = st.executeQuery(RollupSql.FOLD)) {
          rs.next();
          assertThat(rs.getLong(1)).isEqualTo(2); // two pending 15-minute rows moved
        }
        assertThat(text(st, "SELECT count(*) FROM rollup_pending")).isEqualTo("0");
        assertThat(text(st, "SELECT count(*) || '/' || sum(readings) FROM rollup_15m"))
            .isEqualTo("2/3");
        for (String table : new String[] {"rollup_1h", "rollup_1d"}) {
          assertThat(
                  text(
                      st,
                      "SELECT count(*) || ' ' || sum(readings) || ' ' || sum(occ_sum) || ' '"
                          + " || max(occ_max) || ' ' || min(temp_min) || ' ' || sum(hum_n)"
                          + " FROM "
                          + table))
              .as(table)
              .isEqualTo("1 3 18 8 20 3");
        }
      }
    }
  }

  private static String text(Statement st, String sql) throws Exception {
    try (ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
