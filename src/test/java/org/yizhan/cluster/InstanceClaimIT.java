package org.yizhan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.yizhan.db.Database;
import org.yizhan.testing.TestDatabases;

/**
 * Verifies against a real PostgreSQL that a broker client id is claimed by one live process at a
 * time, shows as dead the moment its holder's session ends, and is forgotten on retirement only
 * while nobody holds it; an instance that claims the id again withdraws a retirement request.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InstanceClaimIT {

  @Test
  void oneLiveHolderPerClientIdAndAFreeIdIsDeadUntilClaimedAgain() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    try (Database database = Database.external(db.url(), db.user(), db.password(), 4)) {
      DataSource ds = database.dataSource();
      InstanceClaim first = InstanceClaim.start(ds, "yizhan-a");
      assertThat(first.awaitHeld(Duration.ofSeconds(10))).as("the first claim").isTrue();
      try (InstanceClaim second = InstanceClaim.start(ds, "yizhan-a")) {
        assertThat(second.awaitHeld(Duration.ofSeconds(3)))
            .as("a second process with the same client id")
            .isFalse();
        assertThat(DeadInstances.list(ds, "yizhan-x")).as("dead ids while a holds").isEmpty();
        sql(ds, "UPDATE broker_session SET retire_requested_at = now()");
        assertThat(DeadInstances.forget(ds, "yizhan-a")).as("forgetting a live id").isFalse();

        first.close();
        assertThat(second.awaitHeld(Duration.ofSeconds(3)))
            .as("the second takes the id once the first is gone")
            .isTrue();
        assertThat(retireRequested(ds, "yizhan-a"))
            .as("a retirement request after the id was claimed again")
            .isFalse();
      }
      assertThat(DeadInstances.list(ds, "yizhan-x"))
          .as("dead ids once nobody holds yizhan-a")
          .containsEntry("yizhan-a", false);
      assertThat(DeadInstances.list(ds, "yizhan-a")).as("an instance's own id").isEmpty();

      sql(ds, "UPDATE broker_session SET retire_requested_at = now()");
      assertThat(DeadInstances.list(ds, "yizhan-x")).containsEntry("yizhan-a", true);
      assertThat(DeadInstances.forget(ds, "yizhan-a")).as("forgetting a dead retired id").isTrue();
      assertThat(DeadInstances.list(ds, "yizhan-x")).isEmpty();
    }
  }

  private static void sql(DataSource ds, String statement) throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps = c.prepareStatement(statement)) {
      ps.executeUpdate();
    }
  }

  private static boolean retireRequested(DataSource ds, String id) throws Exception {
    try (Connection c = ds.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT retire_requested_at IS NOT NULL FROM broker_session WHERE client_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() && rs.getBoolean(1);
      }
    }
  }
}
