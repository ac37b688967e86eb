package org.yizhan.arrival;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.arrival.internal.RollupHistory;
import org.yizhan.config.ArrivalConfig;
import org.yizhan.live.LiveModule;
import org.yizhan.storage.Store;

/**
 * Free seats on arrival as the server starts it: the model is built from the hourly rollup on its
 * own thread at start and again every {@code arrival.refresh.minutes}, never on an event loop;
 * answers read the latest one through {@link #arrivals()}. Until the first build ends, answers
 * carry no {@code arrival} field.
 */
public final class ArrivalModule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ArrivalModule.class);

  private final Arrivals arrivals;
  private final RollupHistory history;
  private final Clock clock;
  private final ScheduledExecutorService refresher;

  private ArrivalModule(
      Arrivals arrivals, RollupHistory history, Clock clock, ScheduledExecutorService refresher) {
    this.arrivals = arrivals;
    this.history = history;
    this.clock = clock;
    this.refresher = refresher;
  }

  /** Starts the first build at once and the refresh after it; off: answers carry no prediction. */
  public static ArrivalModule start(
      ArrivalConfig config, DataSource ds, Store store, LiveModule live, Clock clock) {
    if (!config.enabled()) {
      LOG.info("arrival: predictions of free seats on arrival are off");
      return new ArrivalModule(Arrivals.off(), null, clock, null);
    }
    ScheduledExecutorService refresher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "arrival-refresh");
              t.setDaemon(true);
              return t;
            });
    ArrivalModule m =
        new ArrivalModule(
            new Arrivals(live.state(), live.freshness()),
            new RollupHistory(ds, store),
            clock,
            refresher);
    long every = config.refresh().toMillis();
    refresher.scheduleWithFixedDelay(m::refreshLogged, 0, every, TimeUnit.MILLISECONDS);
    return m;
  }

  /** What answers read. */
  public Arrivals arrivals() {
    return arrivals;
  }

  /**
   * Rebuilds the model now, on the calling thread (blocking): for tests and operators after a bulk
   * import of history. Calls run one at a time, so the later one always reads the later data.
   */
  public synchronized void refresh() throws SQLException {
    if (history == null) {
      return;
    }
    long t0 = System.nanoTime();
    Instant now = clock.instant();
    ArrivalModel model = history.load(now);
    arrivals.use(model);
    LOG.info(
        "arrival: typical weeks of {} stations built in {} ms",
        model.profiles().size(),
        (System.nanoTime() - t0) / 1_000_000);
  }

  private void refreshLogged() {
    try {
      refresh();
    } catch (SQLException | RuntimeException e) {
      LOG.warn(
          "arrival: rebuilding the typical weeks failed, keeping the last: {}", e.getMessage());
    }
  }

  @Override
  public void close() {
    if (refresher != null) {
      refresher.shutdownNow();
    }
  }
}
