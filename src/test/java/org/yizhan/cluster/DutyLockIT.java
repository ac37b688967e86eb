package org.yizhan.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;
import org.yizhan.testing.TestDatabases;

/**
 * The duty lock against a real PostgreSQL: two contenders on one database, sampled every 20 ms, are
 * never both the owner; the owner whose session is ended by the database stops at once and the
 * other takes over; the first competes again and wins once the second's session ends.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DutyLockIT {

  @Test
  void anOwnerCutOffByTheDatabaseStopsAndTheOtherTakesOverNeverTwoAtOnce() throws Exception {
    TestDatabases.Db db = TestDatabases.fresh();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(db.url());
    ds.setUser(db.user());
    ds.setPassword(db.password());
    try (DutyLock first = DutyLock.start(ds)) {
      waitUntil("the first owns the duties", Duration.ofSeconds(10), first::owned, null, null);
      try (DutyLock second = DutyLock.start(ds)) {
        Thread.sleep(DutyLock.GRACE.toMillis() + 1_000);
        assertThat(second.owned()).as("the second waits while the first holds").isFalse();

        long cut = System.nanoTime();
        assertThat(terminateHolder(db)).isEqualTo(1);
        waitUntil("the first stops", Duration.ofSeconds(4), () -> !first.owned(), first, second);
        long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
        waitUntil("the second takes over", Duration.ofSeconds(10), second::owned, first, second);
        System.out.println(
            "DUTY_LOCK first stopped after "
                + stoppedMs
                + " ms, second owns after "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut)
                + " ms");

        terminateHolder(db);
        waitUntil("the first wins it back", Duration.ofSeconds(10), first::owned, first, second);
        assertThat(second.owned()).isFalse();
      }
    }
  }

  /** Ends the session that holds the duty lock, as an admin or a database restart would. */
  private static int terminateHolder(TestDatabases.Db db) throws Exception {
    try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_locks"
                    + " WHERE locktype = 'advisory' AND classid::bigint = 22906"
                    + " AND objid::bigint = 1 AND objsubid = 2 AND granted");
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /** Waits for {@code done}, checking all the while that {@code a} and {@code b} never both own. */
  private static void waitUntil(
      String what, Duration within, BooleanSupplier done, DutyLock a, DutyLock b)
      throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    while (!done.getAsBoolean()) {
      if (a != null && b != null) {
        assertThat(a.owned() && b.owned()).as("two owners at once").isFalse();
      }
      assertThat(System.nanoTime()).as(what + " within " + within).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
