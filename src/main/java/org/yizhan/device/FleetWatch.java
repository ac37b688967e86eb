package org.yizhan.device;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.live.DevicePresence;
import org.yizhan.live.LiveState;

/**
 * Sweeps every device's health once a second and records each change of state (online to late, late
 * to offline, back online...), so that a device going silent is noticed within its window plus a
 * second, not when somebody happens to look. The changes are what alerts will be raised from;
 * admins can read the latest ones.
 */
public final class FleetWatch implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(FleetWatch.class);

  /** How many changes are kept for the API. */
  static final int KEPT = 10_000;

  /** One device's change of health. */
  public record Change(
      String deviceId,
      String stationId,
      DeviceHealth.State from,
      DeviceHealth.State to,
      Instant at) {}

  private final Supplier<? extends Collection<Device>> devices;
  private final LiveState live;
  private final DevicePresence presence;
  private final Supplier<Instant> clock;
  private final Map<String, DeviceHealth.State> last = new HashMap<>();
  private final Deque<Change> recent = new ArrayDeque<>();
  private ScheduledExecutorService timer;
  private java.util.function.BiConsumer<List<Change>, Instant> listener = (changes, at) -> {};
  private boolean primed;

  /**
   * @param devices the devices now (a registry's {@code list})
   */
  public FleetWatch(
      Supplier<? extends Collection<Device>> devices,
      LiveState live,
      DevicePresence presence,
      Supplier<Instant> clock) {
    this.devices = devices;
    this.live = live;
    this.presence = presence;
    this.clock = clock;
  }

  /** Told of every sweep's changes (possibly none) and its instant, on the sweeping thread. */
  public synchronized void onEachSweep(java.util.function.BiConsumer<List<Change>, Instant> l) {
    this.listener = l;
  }

  /** Sweeps once a second on its own thread. */
  public void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "yizhan-fleet-watch");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(
        () -> {
          try {
            sweep();
          } catch (RuntimeException e) {
            LOG.error("fleet watch: sweep failed", e);
          }
        },
        0,
        1,
        TimeUnit.SECONDS);
  }

  /**
   * Judges every device now and records those whose state changed since the last sweep. The first
   * sweep only learns the states. Returns the changes.
   */
  public synchronized List<Change> sweep() {
    Instant now = clock.get();
    List<Change> changes = new ArrayList<>();
    for (Device d : devices.get()) {
      DeviceHealth.State s =
          DeviceHealth.judge(
              d, live.findDevice(d.id()).orElse(null), presence.find(d.id()).orElse(null), now);
      DeviceHealth.State before = last.put(d.id(), s);
      if (before == null) {
        before = DeviceHealth.State.NEVER_SEEN; // provisioned since the last sweep
      }
      if (primed && s != before) {
        changes.add(new Change(d.id(), d.stationId(), before, s, now));
      }
    }
    primed = true;
    for (Change c : changes) {
      recent.addLast(c);
      if (recent.size() > KEPT) {
        recent.removeFirst();
      }
      if (c.to() == DeviceHealth.State.OFFLINE) {
        LOG.info("fleet watch: device {} at station {} is offline", c.deviceId(), c.stationId());
      }
    }
    listener.accept(changes, now);
    return changes;
  }

  /** Binds a gauge of devices per state, as of the latest sweep (every state, 0 when none). */
  public void bindMetrics(io.micrometer.core.instrument.MeterRegistry registry) {
    org.yizhan.metrics.Cached<java.util.Map<DeviceHealth.State, Long>> byState =
        new org.yizhan.metrics.Cached<>(this::countByState);
    for (DeviceHealth.State s : DeviceHealth.State.values()) {
      io.micrometer.core.instrument.Gauge.builder(
              "yizhan.devices", byState, c -> c.get().getOrDefault(s, 0L))
          .description("Devices by health state, as of the latest sweep")
          .tag("state", s.code())
          .strongReference(true)
          .register(registry);
    }
  }

  private synchronized java.util.Map<DeviceHealth.State, Long> countByState() {
    java.util.Map<DeviceHealth.State, Long> n = new java.util.EnumMap<>(DeviceHealth.State.class);
    for (DeviceState d : states()) {
      n.merge(d.state(), 1L, Long::sum);
    }
    return n;
  }

  /** One device's state as of the latest sweep. */
  public record DeviceState(String deviceId, String stationId, DeviceHealth.State state) {}

  /** Every device's state as of the latest sweep (empty before the first). */
  public synchronized List<DeviceState> states() {
    List<DeviceState> out = new ArrayList<>(last.size());
    for (Device d : devices.get()) {
      DeviceHealth.State s = last.get(d.id());
      if (s != null) {
        out.add(new DeviceState(d.id(), d.stationId(), s));
      }
    }
    return out;
  }

  /**
   * The latest changes, newest first, at most {@code limit}, optionally only after {@code since}.
   */
  public synchronized List<Change> changes(Instant since, int limit) {
    return changes(since, limit, null);
  }

  /** As {@link #changes(Instant, int)}, only for stations {@code inScope} accepts (null: all). */
  public synchronized List<Change> changes(
      Instant since, int limit, java.util.function.Predicate<String> inScope) {
    List<Change> out = new java.util.ArrayList<>();
    var it = recent.descendingIterator();
    while (it.hasNext() && out.size() < limit) {
      Change c = it.next();
      if (since != null && !c.at().isAfter(since)) {
        break;
      }
      if (inScope == null || inScope.test(c.stationId())) {
        out.add(c);
      }
    }
    return out;
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
