package org.yizhan.quality;

import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.yizhan.telemetry.Reading;

/**
 * Judges each reading as it is ingested and flags the ones not to be trusted as live values (they
 * are still stored, with their flags). Stateless rules: {@code out_of_range}, {@code
 * over_capacity}, and {@code clock_off} for a device time ahead of receipt. Stateful rules compare
 * with the device's latest reading by device time only: {@code counter_backwards}, {@code
 * counter_jump}, {@code stuck}, and {@code clock_off} for a live reading whose lag is not explained
 * by late delivery. Thresholds are in {@link QualityRules}.
 *
 * <p>What is deliberately not flagged:
 *
 * <ul>
 *   <li>A reboot: a reading newer by time whose {@code seq} is lower than the latest's. Counters
 *       and occupancy restart from it without being judged.
 *   <li>A counter reset while {@code seq} carries on (the contract allows it: seq lives in flash,
 *       counters may not): a drop to a value no larger than the people that could have passed since
 *       the previous reading. A genuine drop of a small counter (say 50 to 40) is taken for a
 *       reset.
 *   <li>A counter wrapping past 2<sup>32</sup>−1: to the rules, a reset like any other.
 *   <li>A reading older than the latest (backfill, out-of-order delivery): it gets the stateless
 *       rules only, and changes nothing.
 *   <li>The value after a counter anomaly or an over-capacity occupancy: it is not judged against
 *       the suspect value, it becomes the new baseline. One glitch thus flags one reading, not two.
 * </ul>
 *
 * <p>A redelivery of the device's latest reading (same seq and time) returns the verdict it got the
 * first time and changes nothing. A redelivery of an older reading is judged again by the stateless
 * rules, where only {@code clock_off} can differ, since it compares with the new receipt time.
 *
 * <p>Cost: O(1) per reading, one hash lookup, and no allocation unless the device is new or its
 * flags change. Memory: one {@link DeviceTrack} per device (about 150 bytes plus the map entry, so
 * roughly 50 MB for 200,000 devices); nothing per reading.
 *
 * <p>Threads: {@link #assess}, {@link #observe} and {@link #forget} hold this judge's lock (its
 * monitor; the rebuild at start holds it throughout, see {@link QualityRebuild}): the ingest writer
 * judges, while in broker mode the thread hearing the other instances' batches observes them.
 * Uncontended most of the time, the lock costs tens of nanoseconds per reading. {@link #flagged}
 * and {@link #findFlags} may be called from any thread without it; they read a concurrent map of
 * immutable values that is updated only when a device's flags change.
 */
public final class ReadingQuality {

  private static final int OUT = QualityFlag.OUT_OF_RANGE.bit();
  private static final int OVER = QualityFlag.OVER_CAPACITY.bit();
  private static final int BACKWARDS = QualityFlag.COUNTER_BACKWARDS.bit();
  private static final int JUMP = QualityFlag.COUNTER_JUMP.bit();
  private static final int CLOCK = QualityFlag.CLOCK_OFF.bit();
  private static final int STUCK = QualityFlag.STUCK.bit();
  private static final QualityFlag[] FLAGS = QualityFlag.values();

  private final QualityRules rules;
  private final long maxLagMs;
  private final long maxLeadMs;
  private final long windowMs;
  private final double peoplePerMs;
  private final long stuckClimateMs;
  private final long stuckOccupancyMs;
  private final Map<String, DeviceTrack> tracks = new HashMap<>();
  private final Map<String, DeviceFlags> flagged = new ConcurrentHashMap<>();

  public ReadingQuality(QualityRules rules) {
    this.rules = rules;
    this.maxLagMs = rules.maxClockLag().toMillis();
    this.maxLeadMs = rules.maxClockLead().toMillis();
    this.windowMs = rules.clockWindow().toMillis();
    this.peoplePerMs = rules.maxDoorRatePerMin() / 60_000.0;
    this.stuckClimateMs = rules.stuckClimateAfter().toMillis();
    this.stuckOccupancyMs = rules.stuckOccupancyAfter().toMillis();
  }

  public QualityRules rules() {
    return rules;
  }

  /**
   * Judges one reading, in the order the device's readings are ingested, and remembers what the
   * next one needs.
   *
   * @param stationCapacity the station's places; 0 or less when unknown (no capacity rule then)
   * @param backfill whether it came in a batch of buffered readings, not sent when measured
   * @return the flags as a {@link QualityFlag} mask, {@link QualityFlag#NONE} for a good reading
   */
  public synchronized int assess(Reading r, int stationCapacity, boolean backfill) {
    return judge(r, stationCapacity, backfill, -1);
  }

  /**
   * Takes in a reading that was judged elsewhere: by another instance in broker mode (heard through
   * its announcement), or before a restart (read back from storage). The device's state moves on
   * exactly as if this judge had judged it, so the next reading it judges itself is compared with
   * the whole stream; the device's verdict is the one {@code r.flags()} carries, as stored.
   *
   * <p>Where that verdict says {@code stuck} and this judge's own knowledge of the device began in
   * the middle of the run (its first known reading already had the value), the run is taken as long
   * enough: the judge that said so saw more of it. Measurements whose run began after this judge's
   * first reading of the device keep their own count.
   *
   * @param stationCapacity the station's places; 0 or less when unknown
   */
  public synchronized void observe(Reading r, int stationCapacity) {
    judge(r, stationCapacity, r.batched(), r.flags());
  }

  /**
   * @param given the verdict to keep (a reading judged elsewhere), or -1 to keep this judge's own
   */
  private int judge(Reading r, int stationCapacity, boolean backfill, int given) {
    DeviceTrack t = tracks.get(r.deviceId());
    if (t == null) {
      t = new DeviceTrack();
      tracks.put(r.deviceId(), t);
    }
    Instant time = r.time();
    long micros = time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000;
    if (micros == t.timeMicros && r.seq() == t.seq) {
      return t.mask; // a redelivery of the latest reading
    }
    long timeMs = time.toEpochMilli();
    long receivedMs = r.receivedAt().toEpochMilli();
    long lagMs = receivedMs - timeMs;
    int mask = ranges(r, stationCapacity);
    if (-lagMs > maxLeadMs) {
      mask |= CLOCK;
    }
    if (!t.isNewest(micros, r.seq())) {
      if (!backfill && lagMs > maxLagMs && t.recentMinLag(receivedMs, windowMs) > maxLagMs) {
        mask |= CLOCK;
      }
      return mask;
    }
    if (!backfill) {
      t.observeLag(receivedMs, lagMs, windowMs);
      if (lagMs > maxLagMs && t.recentMinLag(receivedMs, windowMs) > maxLagMs) {
        mask |= CLOCK;
      }
    }
    boolean reboot = t.hasLatest() && r.seq() < t.seq;
    if (!t.hasLatest()) {
      t.firstMs = timeMs;
    }
    mask |= counters(t, r, timeMs, stationCapacity, reboot);
    mask |= stuck(t, r, timeMs);
    if (given >= 0) {
      if (QualityFlag.STUCK.isIn(given) && (mask & STUCK) == 0) {
        t.adoptStuck(r, timeMs, stuckClimateMs, stuckOccupancyMs, rules);
      }
      mask = given;
    }
    int before = t.mask;
    t.seq = r.seq();
    t.timeMicros = micros;
    t.mask = mask;
    if (mask != before) {
      publish(r.deviceId(), mask, time);
    }
    return mask;
  }

  /** Drops what is known of a device (deleted, or its sensor replaced). Writer thread only. */
  public synchronized void forget(String deviceId) {
    tracks.remove(deviceId);
    flagged.remove(deviceId);
  }

  /** Devices whose latest reading is flagged, with since when. A snapshot; any thread. */
  public Map<String, DeviceFlags> flagged() {
    return Map.copyOf(flagged);
  }

  /** The flags of one device's latest reading, if it has any. Any thread. */
  public Optional<DeviceFlags> findFlags(String deviceId) {
    return Optional.ofNullable(flagged.get(deviceId));
  }

  private int ranges(Reading r, int capacity) {
    int mask = QualityFlag.NONE;
    if (r.temperatureC() != null) {
      double v = r.temperatureC();
      if (v < rules.minTemperatureC() || v > rules.maxTemperatureC()) {
        mask |= OUT;
      }
    }
    if (r.humidityPct() != null) {
      double v = r.humidityPct();
      if (v < rules.minHumidityPct() || v > rules.maxHumidityPct()) {
        mask |= OUT;
      }
    }
    if (r.occupancy() != null && capacity > 0 && r.occupancy() > capacity) {
      mask |= OVER;
    }
    return mask;
  }

  private int counters(DeviceTrack t, Reading r, long timeMs, int capacity, boolean reboot) {
    int mask = QualityFlag.NONE;
    if (r.entries() != null) {
      long v = r.entries();
      int m = reboot || t.entries < 0 ? 0 : counterStep(t.entries, v, timeMs - t.entriesAtMs);
      t.entries = m == 0 ? v : -1;
      t.entriesAtMs = timeMs;
      mask |= m;
    }
    if (r.exits() != null) {
      long v = r.exits();
      int m = reboot || t.exits < 0 ? 0 : counterStep(t.exits, v, timeMs - t.exitsAtMs);
      t.exits = m == 0 ? v : -1;
      t.exitsAtMs = timeMs;
      mask |= m;
    }
    if (r.occupancy() != null) {
      int v = r.occupancy();
      int m = 0;
      if (!reboot && t.occupancy >= 0) {
        int change = Math.abs(v - t.occupancy);
        if (change > allowance(timeMs - t.occupancyAtMs) || (capacity > 0 && change > capacity)) {
          m = JUMP;
        }
      }
      boolean valid = m == 0 && (capacity <= 0 || v <= capacity);
      t.occupancy = valid ? v : -1;
      t.occupancyAtMs = timeMs;
      mask |= m;
    }
    return mask;
  }

  /** People that can plausibly pass a door in that much device time. */
  private double allowance(long elapsedMs) {
    return rules.doorBurst() + peoplePerMs * Math.max(0, elapsedMs);
  }

  private int counterStep(long before, long now, long elapsedMs) {
    double allowed = allowance(elapsedMs);
    if (now >= before) {
      return now - before > allowed ? JUMP : 0;
    }
    // Reset to zero since the previous reading (a wrap past 2^32 - 1 is the same case), or not.
    return now <= allowed ? 0 : BACKWARDS;
  }

  private int stuck(DeviceTrack t, Reading r, long timeMs) {
    int mask = QualityFlag.NONE;
    if (r.temperatureC() != null) {
      double v = r.temperatureC();
      if (t.temperatureRunCount > 0 && v == t.temperatureRun) {
        t.temperatureRunCount = saturated(t.temperatureRunCount);
        if (t.temperatureRunCount >= rules.stuckClimateReadings()
            && timeMs - t.temperatureRunStartMs >= stuckClimateMs) {
          mask = STUCK;
        }
      } else {
        t.temperatureRun = v;
        t.temperatureRunStartMs = timeMs;
        t.temperatureRunCount = 1;
      }
    }
    if (r.humidityPct() != null) {
      double v = r.humidityPct();
      if (t.humidityRunCount > 0 && v == t.humidityRun) {
        t.humidityRunCount = saturated(t.humidityRunCount);
        if (t.humidityRunCount >= rules.stuckClimateReadings()
            && timeMs - t.humidityRunStartMs >= stuckClimateMs) {
          mask = STUCK;
        }
      } else {
        t.humidityRun = v;
        t.humidityRunStartMs = timeMs;
        t.humidityRunCount = 1;
      }
    }
    if (r.occupancy() != null) {
      int v = r.occupancy();
      if (v == 0) {
        t.occupancyRunCount = 0; // an empty station reads 0 all night
      } else if (t.occupancyRunCount > 0 && v == t.occupancyRun) {
        t.occupancyRunCount = saturated(t.occupancyRunCount);
        if (t.occupancyRunCount >= rules.stuckOccupancyReadings()
            && timeMs - t.occupancyRunStartMs >= stuckOccupancyMs) {
          mask = STUCK;
        }
      } else {
        t.occupancyRun = v;
        t.occupancyRunStartMs = timeMs;
        t.occupancyRunCount = 1;
      }
    }
    return mask;
  }

  private static int saturated(int count) {
    return count == Integer.MAX_VALUE ? count : count + 1;
  }

  /** Replaces the device's published flags; runs only when they change. */
  private void publish(String deviceId, int mask, Instant time) {
    if (mask == QualityFlag.NONE) {
      flagged.remove(deviceId);
      return;
    }
    DeviceFlags old = flagged.get(deviceId);
    Map<QualityFlag, Instant> since = new EnumMap<>(QualityFlag.class);
    for (QualityFlag f : FLAGS) {
      if (f.isIn(mask)) {
        Instant kept = old == null ? null : old.since().get(f);
        since.put(f, kept == null ? time : kept);
      }
    }
    flagged.put(deviceId, new DeviceFlags(deviceId, since));
  }
}
