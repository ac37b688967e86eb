package org.yizhan.warning;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.config.WarningsConfig;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;
import org.yizhan.warning.internal.WarningStore;

/**
 * The warnings feature as the server starts it: the store, the in-memory view loaded once and then
 * reloaded every minute (which drops expired warnings and picks up other instances' changes), and
 * the feed poller when a feed is configured. Closing stops the timers.
 */
public final class WarningModule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WarningModule.class);

  /** How often the in-memory view is reloaded from the database. */
  static final Duration RELOAD = Duration.ofMinutes(1);

  private final Vertx vertx;
  private final Warnings warnings;
  private final WarningFeed feed;
  private final long timer;

  private WarningModule(Vertx vertx, Warnings warnings, WarningFeed feed, long timer) {
    this.vertx = vertx;
    this.warnings = warnings;
    this.feed = feed;
    this.timer = timer;
  }

  public static WarningModule start(
      WarningsConfig config, DataSource ds, Vertx vertx, Supplier<StationSnapshot> stations)
      throws Exception {
    Warnings warnings =
        new Warnings(new WarningStore(ds), () -> cities(stations.get()), Clock.systemUTC());
    warnings.reload();
    long timer =
        vertx.setPeriodic(
            RELOAD.toMillis(),
            id ->
                vertx
                    .executeBlocking(
                        () -> {
                          warnings.reload();
                          return null;
                        },
                        false)
                    .onFailure(e -> LOG.warn("warnings: reload failed: {}", e.toString())));
    WarningFeed feed = null;
    if (config.feedUrl().isPresent()) {
      feed = new WarningFeed(vertx, config.feedUrl().get(), config.feedPoll(), warnings);
      feed.start();
    }
    return new WarningModule(vertx, warnings, feed, timer);
  }

  private static CityNames cities(StationSnapshot snapshot) {
    Set<String> names = new HashSet<>();
    for (Station s : snapshot.list()) {
      if (s.isListed()) {
        names.add(s.city());
      }
    }
    return new CityNames(names);
  }

  public Warnings warnings() {
    return warnings;
  }

  /** The feed poller, when a feed is configured. */
  public Optional<WarningFeed> feed() {
    return Optional.ofNullable(feed);
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
    if (feed != null) {
      feed.close();
    }
  }
}
