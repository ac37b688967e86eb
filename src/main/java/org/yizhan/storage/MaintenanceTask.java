package org.yizhan.storage;

import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/** One piece of storage upkeep, run by {@link Maintenance} every {@link #every()}. */
public interface MaintenanceTask {

  /** Its name in logs, readiness, alerts and the console, e.g. {@code partitions}. */
  String name();

  /** How often it runs; it is late when it has not succeeded within two of these. */
  Duration every();

  /** Runs it once; blocking. A failure is thrown, recorded and tried again next time. */
  void run(DataSource ds) throws SQLException;
}
