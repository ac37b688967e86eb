package org.yizhan.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yizhan.condition.ConditionKind;
import org.yizhan.condition.StationConditions;
import org.yizhan.condition.ThresholdSet;
import org.yizhan.device.Device;
import org.yizhan.live.Freshness;
import org.yizhan.live.LiveState;
import org.yizhan.live.Measured;
import org.yizhan.live.StationLive;
import org.yizhan.quality.DeviceFlags;
import org.yizhan.quality.QualityFlag;
import org.yizhan.quality.ReadingQuality;
import org.yizhan.station.Station;
import org.yizhan.station.StationSnapshot;
import org.yizhan.station.StationStatus;
import org.yizhan.station.hours.OpenState;

/**
 * Turns what the server knows of each monitored station into alerts: the station conditions (too
 * hot, too cold, overfull, open without data, occupied while closed) from its current, trusted live
 * values, its hours and its thresholds; and suspect sensors, whose readings have carried quality
 * flags for {@link #SUSPECT_AFTER}. A station is monitored when it is active and has an enabled
 * device: without sensors there is nothing to judge.
 *
 * <p>Each sweep hands the alert book the complete set of active conditions ({@link
 * AlertBook#applyState}), so an alert whose condition ended while the server was down still
 * resolves. Runs on the fleet watch's thread.
 */
public final class ConditionWatch {

  private static final Logger LOG = LoggerFactory.getLogger(ConditionWatch.class);

  /** Alert kind of a device whose latest readings keep carrying quality flags. */
  public static final String SENSOR_SUSPECT = "sensor_suspect";

  /** How long a device's readings must stay flagged before it is reported: one glitch is not. */
  public static final Duration SUSPECT_AFTER = Duration.ofMinutes(10);

  /**
   * After a start, alerts are only opened for this long, not resolved: enough for the default
   * durations (15 minutes of heat, of cold, of overcrowding) and a suspect sensor to be seen again.
   */
  static final Duration WARM_UP = Duration.ofMinutes(20);

  private static final Set<String> KINDS;

  static {
    Set<String> k = new HashSet<>();
    for (ConditionKind c : ConditionKind.values()) {
      k.add(c.code());
    }
    k.add(SENSOR_SUSPECT);
    KINDS = Set.copyOf(k);
  }

  private final StationConditions conditions = new StationConditions();
  private final Supplier<StationSnapshot> stations;
  private final Supplier<? extends Collection<Device>> devices;
  private final LiveState live;
  private final Freshness freshness;
  private final ReadingQuality quality;
  private final AlertSink alerts;
  private final Map<String, Instant> flaggedSince = new HashMap<>();
  private Instant firstSweep;
  private final Duration warmUp;
  private volatile ThresholdSet thresholds;
  private final Object thresholdLock = new Object();

  /**
   * @param freshness which live values are current (not stale) by their device's interval
   */
  public ConditionWatch(
      Supplier<StationSnapshot> stations,
      Supplier<? extends Collection<Device>> devices,
      LiveState live,
      Freshness freshness,
      ReadingQuality quality,
      ThresholdSet thresholds,
      AlertSink alerts) {
    this(stations, devices, live, freshness, quality, thresholds, alerts, WARM_UP);
  }

  ConditionWatch(
      Supplier<StationSnapshot> stations,
      Supplier<? extends Collection<Device>> devices,
      LiveState live,
      Freshness freshness,
      ReadingQuality quality,
      ThresholdSet thresholds,
      AlertSink alerts,
      Duration warmUp) {
    this.warmUp = warmUp;
    this.stations = stations;
    this.devices = devices;
    this.live = live;
    this.freshness = freshness;
    this.quality = quality;
    this.thresholds = thresholds;
    this.alerts = alerts;
  }

  /** The thresholds in force. */
  public ThresholdSet thresholds() {
    return thresholds;
  }

  /**
   * Changes the thresholds in force, from the next sweep on (after an admin stored them); changes
   * from concurrent requests are applied one after the other.
   */
  public void updateThresholds(java.util.function.UnaryOperator<ThresholdSet> change) {
    synchronized (thresholdLock) {
      this.thresholds = change.apply(thresholds);
    }
  }

  /** The station conditions, for reading which are active now. */
  public StationConditions conditions() {
    return conditions;
  }

  /** Judges every monitored station and suspect device at {@code now} and updates the alerts. */
  public synchronized void sweep(Instant now) {
    StationSnapshot snapshot = stations.get();
    ThresholdSet t = thresholds;
    Set<String> monitored = new LinkedHashSet<>();
    Map<String, String> stationOfDevice = new HashMap<>();
    for (Device d : devices.get()) {
      if (d.isEnabled()) {
        monitored.add(d.stationId());
        stationOfDevice.put(d.id(), d.stationId());
      }
    }
    List<StationConditions.Input> inputs = new ArrayList<>(monitored.size());
    for (String id : monitored) {
      Station s = snapshot.find(id).orElse(null);
      if (s == null || s.status() != StationStatus.ACTIVE) {
        continue;
      }
      inputs.add(input(s, live.find(id).orElse(null), t, now));
    }
    conditions.sweep(inputs, now);
    List<AlertBook.Signal> active = new ArrayList<>();
    conditions
        .active()
        .forEach(
            (stationId, list) -> {
              for (StationConditions.Active a : list) {
                active.add(
                    new AlertBook.Signal(
                        a.kind().code(),
                        stationId,
                        null,
                        a.kind().defaultSeverity().code(),
                        true,
                        a.since(),
                        a.detail(),
                        a.detailZh()));
              }
            });
    suspects(stationOfDevice, now, active);
    if (firstSweep == null) {
      firstSweep = now;
    }
    if (Duration.between(firstSweep, now).compareTo(warmUp) < 0) {
      // Just started: conditions are re-learning their runs (15 minutes of heat before too_hot),
      // so an alert left open by the previous run is not resolved for want of them yet.
      alerts.apply(active, now);
    } else {
      alerts.applyState(KINDS, active, now);
    }
  }

  private StationConditions.Input input(Station s, StationLive l, ThresholdSet t, Instant now) {
    Measured<Double> temp = l == null ? null : l.temperatureC();
    Measured<Integer> occ = l == null ? null : l.occupancy();
    if (!freshness.isCurrent(temp, now)) {
      temp = null;
    }
    if (!freshness.isCurrent(occ, now)) {
      occ = null;
    }
    OpenState open = s.openingHours() == null ? OpenState.UNKNOWN : s.openingHours().stateAt(now);
    return new StationConditions.Input(
        s.id(),
        s.capacity(),
        open,
        temp == null ? null : temp.value(),
        temp == null ? null : temp.time(),
        occ == null ? null : occ.value(),
        occ == null ? null : occ.time(),
        t.forStation(s.id()));
  }

  /** Devices flagged for at least {@link #SUSPECT_AFTER} of server time. */
  private void suspects(
      Map<String, String> stationOfDevice, Instant now, List<AlertBook.Signal> out) {
    Map<String, DeviceFlags> flagged = quality.flagged();
    flaggedSince.keySet().retainAll(flagged.keySet());
    for (DeviceFlags f : flagged.values()) {
      String stationId = stationOfDevice.get(f.deviceId());
      if (stationId == null) {
        continue; // disabled or deleted
      }
      Instant since = flaggedSince.computeIfAbsent(f.deviceId(), id -> now);
      if (Duration.between(since, now).compareTo(SUSPECT_AFTER) < 0) {
        continue;
      }
      List<String> codes = new ArrayList<>();
      for (QualityFlag q : f.flags()) {
        codes.add(q.code());
      }
      out.add(
          new AlertBook.Signal(
              SENSOR_SUSPECT,
              stationId,
              f.deviceId(),
              "warning",
              true,
              since,
              AlertTexts.sensorSuspect(f.deviceId(), codes)));
    }
    if (LOG.isDebugEnabled() && !out.isEmpty()) {
      LOG.debug("conditions: {} active", out.size());
    }
  }
}
