package org.yizhan.live;

import io.vertx.core.Vertx;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.station.StationSnapshot;
import org.yizhan.telemetry.Reading;

/**
 * The live feature as the server starts it. Data enters through {@link #apply} (committed readings,
 * from the writer or from another instance) and leaves through {@link #view} (the workers' live
 * JSON) and {@link #hub} (the event streams), to which {@link LivePush} drains changed stations
 * every {@code livePush}. At start the state is rebuilt from the stored readings, so a restart
 * shows the last known values at once (with their age).
 */
public final class LiveModule implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LiveModule.class);

  private final DataSource ds;
  private final LiveState state = new LiveState();
  private final DevicePresence presence = new DevicePresence();
  private final Freshness freshness;
  private final LiveView view;
  private final LiveHub hub = new LiveHub();
  private LivePush push;

  private LiveModule(
      DataSource ds, Supplier<StationSnapshot> stations, ToIntFunction<String> expectedIntervalS) {
    this.ds = ds;
    this.freshness = new Freshness(expectedIntervalS);
    this.view = new LiveView(state, new LiveJson(freshness), stations);
  }

  /**
   * Live state restored from the stored readings.
   *
   * @param expectedIntervalS a device's reporting interval in seconds, by device id: the rule for
   *     stale values ({@link Freshness})
   */
  public static LiveModule open(
      DataSource ds, Supplier<StationSnapshot> stations, ToIntFunction<String> expectedIntervalS)
      throws SQLException {
    LiveModule m = new LiveModule(ds, stations, expectedIntervalS);
    int restored = LiveRebuild.load(ds, m.state);
    LOG.info("live: {} stations with stored readings restored", restored);
    return m;
  }

  /** Starts pushing changed stations to the event streams every {@code every}. */
  public void startPush(Vertx vertx, Duration every) {
    push = LivePush.start(vertx, view, hub, every, Clock.systemUTC());
  }

  /** Committed readings, in commit order: the newest value per station and field is kept. */
  public void apply(List<Reading> committed) {
    state.apply(committed);
  }

  /**
   * Reloads the state from the database: after another instance's announcements may have been
   * missed (broker mode). A failure is logged; the next announcement or reload catches up.
   */
  public void reload() {
    try {
      LiveRebuild.reload(ds, state);
    } catch (SQLException e) {
      LOG.warn("live: reload failed: {}", e.getMessage());
    }
  }

  /** Binds the number of clients on the live event stream (SSE). */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    io.micrometer.core.instrument.Gauge.builder(
            "yizhan.live.sse.clients", hub, LiveHub::subscriberCount)
        .description("Clients on the live event stream (GET /api/v1/live)")
        .strongReference(true)
        .register(registry);
  }

  public LiveState state() {
    return state;
  }

  public DevicePresence presence() {
    return presence;
  }

  public Freshness freshness() {
    return freshness;
  }

  public LiveView view() {
    return view;
  }

  public LiveHub hub() {
    return hub;
  }

  /** Stops the push; the state stays readable. */
  @Override
  public void close() {
    if (push != null) {
      push.close();
    }
  }
}
