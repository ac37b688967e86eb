package org.yizhan.planning;

import java.time.Clock;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.yizhan.condition.ThresholdStore;
import org.yizhan.planning.runs.RunQueue;
import org.yizhan.station.StationSnapshot;
import org.yizhan.storage.Store;

/**
 * The planning feature as the server starts it. Planners' files enter as named demand and candidate
 * sets (stored in PostgreSQL); runs read them with the registry's stations and the stored readings
 * (station use), and their answers leave through the API, kept on the {@link RunQueue} until a
 * planner saves one as a scenario. Closing cancels the runs and stops their thread.
 */
public final class PlanningModule implements AutoCloseable {

  /** Runs that may wait behind the one running. */
  static final int MAX_QUEUED = 8;

  /**
   * Ended runs kept with their answers. A national answer holds about 60 MB (a million demand
   * points with their nearest station and distance, before and after), so few are kept: a planner
   * saves the ones that matter as scenarios.
   */
  static final int KEPT = 3;

  private final RunQueue runs;
  private final PlanningService service;

  private PlanningModule(RunQueue runs, PlanningService service) {
    this.runs = runs;
    this.service = service;
  }

  public static PlanningModule start(
      DataSource ds, Store store, ThresholdStore thresholds, Supplier<StationSnapshot> stations) {
    RunQueue runs = new RunQueue(MAX_QUEUED, KEPT, Clock.systemUTC());
    return new PlanningModule(
        runs, new PlanningService(ds, store, thresholds, stations, runs, Clock.systemUTC()));
  }

  public PlanningService service() {
    return service;
  }

  @Override
  public void close() throws InterruptedException {
    runs.close();
  }
}
