package org.yizhan.storage;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.yizhan.config.StorageConfig;

/**
 * The storage feature: decides the store (TimescaleDB when usable, else plain PostgreSQL with day
 * partitions), and keeps its upkeep running and watched.
 */
public final class StorageModule implements AutoCloseable {

  private final Store store;
  private final StorageConfig config;
  private final Maintenance maintenance;

  private StorageModule(Store store, StorageConfig config, Maintenance maintenance) {
    this.store = store;
    this.config = config;
    this.maintenance = maintenance;
  }

  /**
   * Sets the store up; on plain PostgreSQL the partitions of the coming days are made before this
   * returns, so the first readings find them. On TimescaleDB each of its policy jobs is watched
   * (and run by the server when it has not succeeded by itself: {@link TimescaleJobs}). Maintenance
   * starts with {@link #startMaintenance}.
   */
  public static StorageModule open(DataSource ds, StorageConfig config) throws SQLException {
    Clock clock = Clock.systemUTC();
    Store store = TimescaleSetup.apply(ds, config);
    List<MaintenanceTask> tasks =
        store == Store.PLAIN ? PlainTasks.all(config, clock) : TimescaleJobs.all(ds);
    Maintenance maintenance = new Maintenance(ds, tasks, clock);
    if (store == Store.PLAIN) {
      maintenance.runOnce(tasks.get(0));
    }
    return new StorageModule(store, config, maintenance);
  }

  public void startMaintenance() {
    maintenance.start();
  }

  public Store store() {
    return store;
  }

  /** The retention and rollup settings the store was set up with. */
  public StorageConfig config() {
    return config;
  }

  /** What the readings and rollups take on disk now. Blocking. */
  public DiskUse.Report diskUse(DataSource ds) throws SQLException {
    return DiskUse.of(ds, store);
  }

  public Maintenance maintenance() {
    return maintenance;
  }

  @Override
  public void close() throws InterruptedException {
    maintenance.close();
  }
}
