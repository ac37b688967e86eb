package org.yizhan.testing;

import java.sql.Connection;
import java.time.Instant;
import javax.sql.DataSource;
import org.yizhan.storage.Partitions;

/**
 * For tests that insert readings straight into the table, at times the server has no day partition
 * for (it makes them from 8 days back to 3 ahead): makes the days of {@code [from, to]}. Nothing on
 * TimescaleDB, whose hypertable makes its chunks itself.
 */
public final class DayPartitions {

  private DayPartitions() {}

  public static void cover(DataSource ds, Instant from, Instant to) throws Exception {
    try (Connection c = ds.getConnection()) {
      if (!Partitions.partitioned(c)) {
        return;
      }
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      Partitions.ensure(c, Partitions.dayOf(from), Partitions.dayOf(to));
      c.commit();
      c.setAutoCommit(auto);
    }
  }
}
