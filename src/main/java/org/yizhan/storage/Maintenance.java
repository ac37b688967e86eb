package org.yizhan.storage;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the storage upkeep on one thread of its own, each task every its interval (asked again
 * before each run), and remembers when each last succeeded and failed. A task that fails is logged
 * once when it starts failing and once when it succeeds again, not at every attempt.
 *
 * <p>It also watches: after each run and every {@link #WATCH_EVERY}, it checks which tasks are late
 * (no success within two intervals: a task stuck or a thread gone quiet is late too, without any
 * run to say so), logs a task once when it becomes late and once when it is no longer, and tells
 * the watchers (the admin alerts) the whole state.
 */
public final class Maintenance implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Maintenance.class);

  /** How often lateness is checked besides after each run. */
  static final Duration WATCH_EVERY = Duration.ofMinutes(1);

  private final DataSource ds;
  private final List<MaintenanceTask> tasks;
  private final Clock clock;
  private final Map<String, TaskStatus> status = new LinkedHashMap<>();
  private final Set<String> late = new HashSet<>();
  private final List<BiConsumer<List<TaskStatus>, Instant>> watchers = new CopyOnWriteArrayList<>();
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

  /**
   * Hears every task's status at each check (after each run and every minute), with the check's
   * time; called on the maintenance thread, so it may block briefly (store an alert).
   */
  public void onCheck(BiConsumer<List<TaskStatus>, Instant> watcher) {
    watchers.add(watcher);
  }

  /** Starts every task now, then every its interval, and the watch. */
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
      timer.execute(() -> loop(t));
    }
    timer.scheduleWithFixedDelay(
        this::check, WATCH_EVERY.toMillis(), WATCH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code t} and schedules its next run after its interval as it now stands. */
  private void loop(MaintenanceTask t) {
    runOnce(t);
    check();
    ScheduledExecutorService s;
    synchronized (this) {
      s = timer;
    }
    if (s == null) {
      return;
    }
    try {
      s.schedule(() -> loop(t), intervalOf(t).toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      // closed meanwhile
    }
  }

  private Duration intervalOf(MaintenanceTask t) {
    try {
      return t.every();
    } catch (RuntimeException e) {
      return status(t.name()).every();
    }
  }

  /** Runs one task now, on the caller's thread, and records the outcome. */
  public void runOnce(MaintenanceTask t) {
    try {
      Instant at = t.runTimed(ds, clock);
      Duration every = intervalOf(t);
      TaskStatus before;
      synchronized (this) {
        before = status.get(t.name());
        status.put(t.name(), before.succeeded(at, every));
      }
      if (before.failing()) {
        LOG.info("storage: {} succeeds again", t.name());
      }
    } catch (Exception e) {
      Instant now = clock.instant();
      Duration every = intervalOf(t);
      TaskStatus before;
      synchronized (this) {
        before = status.get(t.name());
        status.put(t.name(), before.failed(now, every, String.valueOf(e.getMessage())));
      }
      if (!before.failing()) {
        LOG.warn(
            "storage: {} failed, will try again every {}: {}", t.name(), every, e.getMessage());
      }
    }
  }

  /**
   * Checks which tasks are late now: logs those that became late (WARN) or are no longer (INFO),
   * once each, and tells the watchers every task's status.
   */
  public void check() {
    Instant now = clock.instant();
    List<TaskStatus> all;
    List<TaskStatus> becameLate = new ArrayList<>();
    List<TaskStatus> recovered = new ArrayList<>();
    synchronized (this) {
      all = new ArrayList<>(status.values());
      for (TaskStatus s : all) {
        boolean isLate = s.late(now);
        if (isLate && late.add(s.name())) {
          becameLate.add(s);
        } else if (!isLate && late.remove(s.name())) {
          recovered.add(s);
        }
      }
    }
    for (TaskStatus s : becameLate) {
      LOG.warn(
          "storage: {} is late: no success since {} (it should succeed every {}); last error: {}",
          s.name(),
          s.lastSuccess() != null ? s.lastSuccess() : "the start (" + s.watchedSince() + ")",
          s.every(),
          s.lastError() != null ? s.lastError() : "none");
    }
    for (TaskStatus s : recovered) {
      LOG.info("storage: {} is no longer late: succeeded at {}", s.name(), s.lastSuccess());
    }
    for (BiConsumer<List<TaskStatus>, Instant> w : watchers) {
      try {
        w.accept(all, now);
      } catch (RuntimeException e) {
        LOG.warn("storage: a maintenance watcher failed: {}", e.getMessage());
      }
    }
  }

  /** Every task's status, in the order they were given. */
  public synchronized List<TaskStatus> status() {
    return new ArrayList<>(status.values());
  }

  /** The tasks late now, in the order they were given. */
  public List<TaskStatus> late() {
    Instant now = clock.instant();
    return status().stream().filter(s -> s.late(now)).toList();
  }

  private synchronized TaskStatus status(String name) {
    return status.get(name);
  }

  public Clock clock() {
    return clock;
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
