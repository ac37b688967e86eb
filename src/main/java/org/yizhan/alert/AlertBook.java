package org.yizhan.alert;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.alert.internal.AlertRepository;
import org.yizhan.device.FleetWatch;
import org.yizhan.text.Bilingual;

/**
 * Alerts with a lifecycle: opened when a condition starts (a device goes offline, a station is too
 * hot, a sensor lies), acknowledged by an admin, resolved by itself once the condition has stayed
 * clear for a while. That wait is the hysteresis: a subject flapping in and out of a condition
 * keeps one alert open instead of opening a new one every few minutes. One open alert per kind and
 * subject (the device, or the station for station conditions).
 *
 * <p>The rules are in {@link AlertLifecycle}; the rows in {@link AlertRepository}. Each call stores
 * its openings and resolutions in one transaction: all of them, or, if the database fails, none
 * (those due are tried again on the next call). Listeners (webhook notifications) hear of every
 * opening, acknowledgement and resolution after it is committed; the {@link AlertOutbox} stores
 * their webhook notices inside the same transaction.
 */
public final class AlertBook implements AlertSink {

  private static final Logger LOG = LoggerFactory.getLogger(AlertBook.class);

  /** What happened to an alert; {@code alert} is the stored alert just after the step. */
  public record Event(Type type, Alert alert) {
    public enum Type {
      OPENED,
      ACKNOWLEDGED,
      RESOLVED
    }
  }

  /**
   * A condition's state for one subject at {@code at}.
   *
   * @param deviceId the device it is about, or null for a station condition
   */
  public record Signal(
      String kind,
      String stationId,
      String deviceId,
      String severity,
      boolean active,
      Instant at,
      String detail,
      String detailZh) {

    /** A signal whose detail is in English only. */
    public Signal(
        String kind,
        String stationId,
        String deviceId,
        String severity,
        boolean active,
        Instant at,
        String detail) {
      this(kind, stationId, deviceId, severity, active, at, detail, null);
    }

    /** A signal whose detail is given in both languages. */
    public Signal(
        String kind,
        String stationId,
        String deviceId,
        String severity,
        boolean active,
        Instant at,
        Bilingual detail) {
      this(kind, stationId, deviceId, severity, active, at, detail.en(), detail.zh());
    }
  }

  private final AlertRepository repository;
  private final Duration calm;
  private AlertLifecycle lifecycle;
  private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();
  private volatile AlertOutbox outbox = AlertOutbox.NONE;

  /**
   * @param calm how long a condition must stay clear before its alert resolves (the hysteresis)
   */
  public AlertBook(DataSource ds, Duration calm) throws SQLException {
    this(new AlertRepository(ds), calm);
  }

  /** Loads the open alerts. Blocking. */
  public AlertBook(AlertRepository repository, Duration calm) throws SQLException {
    this.repository = repository;
    this.calm = calm;
    this.lifecycle = loaded();
  }

  private AlertLifecycle loaded() throws SQLException {
    Map<String, Long> open = new HashMap<>();
    for (Alert a : repository.open()) {
      open.put(AlertLifecycle.key(a.kind(), a.stationId(), a.deviceId()), a.id());
    }
    return new AlertLifecycle(calm, open);
  }

  /**
   * Forgets what this instance knew of the open alerts and loads them again: another instance ran
   * the alerts meanwhile (broker mode, after a change of the duties' owner). Alerts waiting out
   * their calm period start it again. Blocking.
   */
  public synchronized void reload() throws SQLException {
    lifecycle = loaded();
  }

  /** Where the notices of each change are stored, in the change's own transaction. */
  public void setOutbox(AlertOutbox outbox) {
    this.outbox = java.util.Objects.requireNonNull(outbox, "outbox");
  }

  /** Open (not yet resolved) alerts per kind, for metrics. */
  public synchronized Map<String, Integer> openByKind() {
    return lifecycle.openByKind();
  }

  /** Hears every stored opening, acknowledgement and resolution; must not block. */
  public void addListener(Consumer<Event> listener) {
    listeners.add(listener);
  }

  /** Takes one fleet sweep's device changes at {@code now}: device-offline alerts. */
  public synchronized void onSweep(List<FleetWatch.Change> changes, Instant now) {
    store(lifecycle.onSweep(changes, now), now);
  }

  /**
   * Brings device-offline alerts in line with every device's state, once after a start: changes
   * alone cannot tell of a device that died, came back or was removed while the server was down. An
   * offline device without an alert gets one, an online device's alert starts its calm period, and
   * the alert of a disabled or deleted device resolves.
   */
  public synchronized void reconcileDevices(List<FleetWatch.DeviceState> states, Instant now) {
    store(lifecycle.reconcileDevices(states, now), now);
  }

  /**
   * Takes condition signals at {@code now}: opens an alert for a new active condition, holds it
   * while the condition flaps, and resolves those clear for the calm period.
   */
  @Override
  public synchronized void apply(List<Signal> signals, Instant now) {
    store(lifecycle.apply(signals, now), now);
  }

  /**
   * Takes the whole state of some kinds at {@code now}: {@code active} lists every subject now in
   * one of {@code kinds}; any open alert of those kinds not listed has cleared. Unlike {@link
   * #apply}, which hears of changes only, this also resolves alerts left open by a previous run of
   * the server whose condition ended while it was down.
   */
  @Override
  public synchronized void applyState(Set<String> kinds, List<Signal> active, Instant now) {
    store(lifecycle.applyState(kinds, active, now), now);
  }

  /** Stores the steps in one transaction, then tells the lifecycle and the listeners. */
  private void store(List<AlertLifecycle.Step> steps, Instant now) {
    if (steps.isEmpty()) {
      return;
    }
    List<Long> openedIds = new ArrayList<>();
    List<Event> events;
    try {
      events =
          repository.inTransaction(
              tx -> {
                Map<String, Long> ids = new HashMap<>();
                List<Event> out = new ArrayList<>();
                for (AlertLifecycle.Step s : steps) {
                  if (s instanceof AlertLifecycle.Open o) {
                    Signal g = o.signal();
                    Alert a =
                        tx.insert(
                            new AlertRepository.NewAlert(
                                g.kind(),
                                g.stationId(),
                                g.deviceId(),
                                g.severity(),
                                g.at(),
                                g.detail(),
                                g.detailZh()));
                    ids.put(o.key(), a.id());
                    openedIds.add(a.id());
                    out.add(new Event(Event.Type.OPENED, a));
                  } else {
                    Long id =
                        ids.containsKey(s.key()) ? ids.get(s.key()) : lifecycle.openId(s.key());
                    ids.remove(s.key());
                    if (id != null) {
                      tx.resolve(id, now)
                          .ifPresent(a -> out.add(new Event(Event.Type.RESOLVED, a)));
                    }
                  }
                }
                outbox.add(tx.connection(), out);
                return out;
              });
    } catch (SQLException e) {
      LOG.warn("alerts: cannot store, will retry on the next change: {}", e.getMessage());
      return;
    }
    lifecycle.stored(steps, openedIds);
    for (Event e : events) {
      if (e.type() == Event.Type.OPENED) {
        Alert a = e.alert();
        if (a.stationId() == null && a.deviceId() == null) {
          LOG.info("alerts: {} on the server: {}", a.kind(), a.detail());
        } else {
          LOG.info(
              "alerts: {} at station {} ({}): {}",
              a.kind(),
              a.stationId(),
              a.deviceId(),
              a.detail());
        }
      }
      tell(e);
    }
  }

  private void tell(Event e) {
    try {
      for (Consumer<Event> l : listeners) {
        l.accept(e);
      }
    } catch (RuntimeException x) {
      LOG.warn("alerts: cannot tell listeners about alert {}: {}", e.alert().id(), x.getMessage());
    }
  }

  /** Acknowledges an open alert; false if there is none with that id still unacknowledged. */
  public boolean acknowledge(long id, String by) throws SQLException {
    Optional<Event> done =
        repository.inTransaction(
            tx -> {
              Optional<Event> e =
                  tx.acknowledge(id, by).map(a -> new Event(Event.Type.ACKNOWLEDGED, a));
              if (e.isPresent()) {
                outbox.add(tx.connection(), List.of(e.get()));
              }
              return e;
            });
    done.ifPresent(this::tell);
    return done.isPresent();
  }

  /** One alert, if it exists. Blocking. */
  public Optional<Alert> get(long id) throws SQLException {
    return repository.find(id);
  }

  /** Alerts newest first: {@code open} (not resolved), {@code resolved}, or all when null. */
  public List<Alert> list(String status, int limit) throws SQLException {
    return list(status, limit, null);
  }

  /** As {@link #list(String, int)}, only of these stations (null: of all). Blocking. */
  public List<Alert> list(String status, int limit, List<String> stationIds) throws SQLException {
    return repository.list(status, limit, stationIds);
  }
}
