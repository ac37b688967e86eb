package org.yizhan.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yizhan.device.DeviceHealth;
import org.yizhan.device.FleetWatch;

/**
 * The alert lifecycle without storage: which alerts to open and which to resolve, given condition
 * signals. One open alert per kind and subject; a subject flapping in and out of its condition
 * keeps its alert; an alert resolves once its condition has stayed clear for the calm period.
 *
 * <p>Each call returns the steps to store, in order. The open alerts change only when the caller
 * reports the steps stored ({@link #stored}); if it could not store them, the lifecycle stays as it
 * was and alerts due to resolve are due again on the next call. When a condition cleared is kept
 * either way. Not thread-safe: the caller serialises calls.
 */
final class AlertLifecycle {

  static final String DEVICE_OFFLINE = "device_offline";

  /** A step to store. */
  sealed interface Step permits Open, Resolve {
    String key();
  }

  /** Store a new alert for this signal. */
  record Open(String key, AlertBook.Signal signal) implements Step {}

  /** Resolve the open alert under this key (stored earlier, or opened by an earlier step). */
  record Resolve(String key) implements Step {}

  private final Duration calm;

  /** Stored open alerts: id by {@link #key}. */
  private final Map<String, Long> open;

  /** Subjects whose condition cleared while their alert is open, since when. */
  private final Map<String, Instant> clearSince = new HashMap<>();

  /**
   * @param calm how long a condition must stay clear before its alert resolves (the hysteresis)
   * @param open the stored open alerts' ids by {@link #key}
   */
  AlertLifecycle(Duration calm, Map<String, Long> open) {
    this.calm = calm;
    this.open = new HashMap<>(open);
  }

  /** One open alert per kind and subject (the device, or the station for station conditions). */
  static String key(String kind, String stationId, String deviceId) {
    return kind + "|" + (deviceId != null ? "d:" + deviceId : "s:" + stationId);
  }

  /**
   * Stored open alerts per kind, the kind's detail after a colon left out ({@code
   * maintenance_late:retention} counts as {@code maintenance_late}).
   */
  Map<String, Integer> openByKind() {
    Map<String, Integer> n = new HashMap<>();
    for (String k : open.keySet()) {
      String kind = k.substring(0, k.indexOf('|'));
      int colon = kind.indexOf(':');
      n.merge(colon < 0 ? kind : kind.substring(0, colon), 1, Integer::sum);
    }
    return n;
  }

  /** The stored open alert's id under this key, or null. */
  Long openId(String key) {
    return open.get(key);
  }

  /** Takes one fleet sweep's device changes at {@code now}: device-offline alerts. */
  List<Step> onSweep(List<FleetWatch.Change> changes, Instant now) {
    Plan p = new Plan();
    List<AlertBook.Signal> signals = new ArrayList<>(changes.size());
    for (FleetWatch.Change c : changes) {
      if (c.to() == DeviceHealth.State.DISABLED) {
        p.resolve(key(DEVICE_OFFLINE, c.stationId(), c.deviceId()));
      } else if (c.to() == DeviceHealth.State.OFFLINE || c.to() == DeviceHealth.State.ONLINE) {
        signals.add(
            new AlertBook.Signal(
                DEVICE_OFFLINE,
                c.stationId(),
                c.deviceId(),
                "warning",
                c.to() == DeviceHealth.State.OFFLINE,
                c.at(),
                AlertTexts.wentOffline(c.deviceId(), c.from().code())));
      }
    }
    signals.forEach(p::signal);
    return p.resolveCalm(now);
  }

  /**
   * Takes every device's state once after a start: an offline device without an alert gets one, an
   * online device's alert starts its calm period, and the alert of a disabled or deleted device
   * resolves.
   */
  List<Step> reconcileDevices(List<FleetWatch.DeviceState> states, Instant now) {
    Plan p = new Plan();
    Set<String> known = new HashSet<>();
    List<AlertBook.Signal> signals = new ArrayList<>();
    for (FleetWatch.DeviceState d : states) {
      String k = key(DEVICE_OFFLINE, d.stationId(), d.deviceId());
      known.add(k);
      if (d.state() == DeviceHealth.State.DISABLED) {
        p.resolve(k);
      } else if (d.state() == DeviceHealth.State.OFFLINE
          || d.state() == DeviceHealth.State.ONLINE) {
        signals.add(
            new AlertBook.Signal(
                DEVICE_OFFLINE,
                d.stationId(),
                d.deviceId(),
                "warning",
                d.state() == DeviceHealth.State.OFFLINE,
                now,
                AlertTexts.offlineAtStart(d.deviceId())));
      }
    }
    for (String k : open.keySet()) {
      if (k.startsWith(DEVICE_OFFLINE + "|") && !known.contains(k)) {
        p.resolve(k); // the device is gone
      }
    }
    signals.forEach(p::signal);
    return p.resolveCalm(now);
  }

  /** Changes only: opens alerts for active signals, starts the calm of inactive ones. */
  List<Step> apply(List<AlertBook.Signal> signals, Instant now) {
    Plan p = new Plan();
    signals.forEach(p::signal);
    return p.resolveCalm(now);
  }

  /**
   * The whole state of {@code kinds}: any open alert of those kinds not in {@code active} clears.
   */
  List<Step> applyState(Set<String> kinds, List<AlertBook.Signal> active, Instant now) {
    Plan p = new Plan();
    Set<String> seen = new HashSet<>();
    for (AlertBook.Signal s : active) {
      String k = key(s.kind(), s.stationId(), s.deviceId());
      seen.add(k);
      clearSince.remove(k);
      if (!p.isOpen(k)) {
        p.open(k, s);
      }
    }
    for (String k : open.keySet()) {
      if (!seen.contains(k) && kinds.contains(k.substring(0, k.indexOf('|')))) {
        clearSince.putIfAbsent(k, now);
      }
    }
    return p.resolveCalm(now);
  }

  /**
   * The steps are stored.
   *
   * @param openedIds the new alerts' ids, one for each {@link Open} step in order
   */
  void stored(List<Step> steps, List<Long> openedIds) {
    Iterator<Long> ids = openedIds.iterator();
    for (Step s : steps) {
      if (s instanceof Open) {
        open.put(s.key(), ids.next());
      } else {
        open.remove(s.key());
        clearSince.remove(s.key());
      }
    }
  }

  /** The steps of one call, planned as if each earlier step were already stored. */
  private final class Plan {
    private final List<Step> steps = new ArrayList<>();
    private final Set<String> opened = new HashSet<>();
    private final Set<String> resolved = new HashSet<>();

    boolean isOpen(String k) {
      return !resolved.contains(k) && (opened.contains(k) || open.containsKey(k));
    }

    void open(String k, AlertBook.Signal s) {
      steps.add(new Open(k, s));
      opened.add(k);
      resolved.remove(k);
    }

    void resolve(String k) {
      if (isOpen(k)) {
        steps.add(new Resolve(k));
        resolved.add(k);
        opened.remove(k);
      } else {
        clearSince.remove(k);
      }
    }

    /** Opens for an active signal, starts the calm of an inactive one. */
    void signal(AlertBook.Signal s) {
      String k = key(s.kind(), s.stationId(), s.deviceId());
      if (s.active()) {
        clearSince.remove(k); // flapping: the open alert simply stays open
        if (!isOpen(k)) {
          open(k, s);
        }
      } else if (isOpen(k)) {
        clearSince.putIfAbsent(k, s.at());
      }
    }

    /** Resolves the alerts whose condition has stayed clear for the calm period. */
    List<Step> resolveCalm(Instant now) {
      for (Iterator<Map.Entry<String, Instant>> it = clearSince.entrySet().iterator();
          it.hasNext(); ) {
        Map.Entry<String, Instant> e = it.next();
        if (!e.getValue().plus(calm).isAfter(now)) {
          if (isOpen(e.getKey())) {
            steps.add(new Resolve(e.getKey()));
            resolved.add(e.getKey());
            opened.remove(e.getKey());
          } else {
            it.remove();
          }
        }
      }
      return steps;
    }
  }
}
