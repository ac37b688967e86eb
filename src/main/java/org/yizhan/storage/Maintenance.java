package org.yizhan.storage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the storage upkeep on one thread of its own, each task every its interval, and remembers
 * when each last succeeded and failed. A task that fails is logged once when it starts failing and
 * once when it succeeds again, not at every attempt.
 */
public final class Maintenance implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  private final DataSource ds;
  private final List<MaintenanceTask> tasks;
  private final Clock clock;
  private final Map<String, TaskStatus> status = new LinkedHashMap<>();
  private ScheduledExecutorService timer;

  public Maintenance(DataSource ds, List<MaintenanceTask> tasks, Clock clock) {
    this.ds = ds;
    this.tasks = List.copyOf(tasks);
    this.clock = clock;
    Instant now = clock.instant();
    for (MaintenanceTask t : tasks) {
      status.put(t.name(), new TaskStatus(t.name(), t.every(), now, null, null, null));
    }
  }

  /** Starts every task now, then every its interval. */
  public synchronized void start() {
    if (timer != null) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "storage-maintenance");
              t.setDaemon(true);
              return t;
            });
    for (MaintenanceTask t : tasks) {
      timer.scheduleWithFixedDelay(
          () -> runOnce(t), 0, t.every().toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Runs one task now, on the caller's thread, and records the outcome. */
  public void runOnce(MaintenanceTask t) {
    try {
      t.run(ds);
      Instant now = clock.instant();
      TaskStatus before;
      synchronized (this) {
        before = status.get(t.name());
        status.put(t.name(), before.succeeded(now));
      }
      if (before.lastFailure() != null
          && (before.lastSuccess() == null || before.lastFailure().isAfter(before.lastSuccess()))) {
        LOG.info("storage: {} succeeds again", t.name());
      }
    } catch (Exception e) {
      Instant now = clock.instant();
      TaskStatus before;
      synchronized (this) {
        before = status.get(t.name());
        status.put(t.name(), before.failed(now, String.valueOf(e.getMessage())));
      }
      boolean wasFailing =
          before.lastFailure() != null
              && (before.lastSuccess() == null
                  || before.lastFailure().isAfter(before.lastSuccess()));
      if (!wasFailing) {
        LOG.warn(
            "storage: {} failed, will try again every {}: {}", t.name(), t.every(), e.getMessage());
      }
    }
  }

  /** Every task's status, in the order they were given. */
  public synchronized List<TaskStatus> status() {
    return new ArrayList<>(status.values());
  }

  public List<MaintenanceTask> tasks() {
    return tasks;
  }

  @Override
  public void close() throws InterruptedException {
    ScheduledExecutorService t;
    synchronized (this) {
      t = timer;
      timer = null;
    }
    if (t != null) {
      t.shutdownNow();
      t.awaitTermination(10, TimeUnit.SECONDS);
    }
  }
}
