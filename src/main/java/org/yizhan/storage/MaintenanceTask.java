package org.yizhan.storage;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/** One piece of storage upkeep, run by {@link Maintenance} every {@link #every()}. */
public interface MaintenanceTask {

  /** Its name in logs, readiness, alerts and the console, e.g. {@code partitions}. */
  String name();

  /**
   * How often it runs; it is late when it has not succeeded within two of these. Asked again before
   * each run, so a task may follow a schedule that changes (a TimescaleDB job's).
   */
  Duration every();

  /** Runs it once; blocking. A failure is thrown, recorded and tried again next time. */
  void run(DataSource ds) throws SQLException;

  /**
   * Runs it once and answers when its work last succeeded: by default now, once {@link #run} has
   * returned. A task that watches work done elsewhere (a TimescaleDB job that ran by itself)
   * answers that work's own finish instead, which may be earlier.
   */
  default Instant runTimed(DataSource ds, Clock clock) throws SQLException {
    run(ds);
    return clock.instant();
  }
}
