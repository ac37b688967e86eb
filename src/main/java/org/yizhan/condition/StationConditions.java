package org.yizhan.condition;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.yizhan.station.hours.OpenState;
import org.yizhan.text.Bilingual;

/**
 * Which conditions each station is in, judged from its latest valid live values, its opening hours
 * and its {@link Thresholds}. A condition becomes active once its predicate has held continuously
 * for its duration, and stays active until its clearing predicate holds, which lies a deadband
 * beyond the threshold.
 *
 * <ul>
 *   <li>{@code too_hot}: temperature above {@code too_hot_c}; clears below it minus 1 °C.
 *   <li>{@code too_cold}: below {@code too_cold_c}; clears above it plus 1 °C.
 *   <li>{@code overfull}: occupancy at or above {@code overfull_pct} of the places; clears below
 *       that minus 10 points.
 *   <li>{@code open_no_data}: open by its hours with neither a temperature nor an occupancy; clears
 *       when either comes back or the hours close.
 *   <li>{@code closed_occupied}: closed by its hours with at least one person inside; clears at
 *       zero or when the hours open.
 * </ul>
 *
 * <p>Continuity is judged on what the evaluations see. A measured condition's run starts at the
 * reading time of the first value that met it (so 15 minutes mean 15 minutes of readings, even
 * right after a restart), an hours-dependent one at the first evaluation that saw it. A missing
 * value (none, stale or flagged: the caller passes null) breaks a run that has not yet reached its
 * duration, but does not clear an active condition, since nothing shows it is over; the station
 * then also goes {@code open_no_data} if it is open. Hours that cannot be evaluated ({@link
 * OpenState#UNKNOWN}) neither start nor clear the hours-dependent conditions.
 *
 * <p>Pure and fast: no I/O, no Vert.x. A station with nothing pending or active has no state at
 * all, so memory follows the stations in trouble, not the 200,000 registered; a calm station costs
 * one hash lookup and a few comparisons, which puts a sweep over 200,000 stations at tens of
 * milliseconds (estimated, not benchmarked).
 *
 * <p>Threads: evaluations come from one sweeping thread and are serialised by this object's lock;
 * {@link #active} and {@link #findActive} read a concurrent view updated only on changes, from any
 * thread without waiting for a sweep.
 *
 * <p>Over 300 lines on purpose: the five conditions share the tracking of how long a predicate has
 * held, and each is a few lines of it.
 */
public final class StationConditions {

  private static final long NONE = Long.MIN_VALUE;
  private static final ConditionKind[] KINDS = ConditionKind.ALL;
  static final Bilingual NO_LONGER_EVALUATED =
      new Bilingual("no longer evaluated (station removed or unlisted)", "不再评估（驿站已删除或不再列出）");

  /**
   * What one evaluation of a station knows.
   *
   * @param capacity its places; 0 or less when unknown (then never overfull)
   * @param open whether it is open by its hours at the evaluation's instant
   * @param temperatureC latest valid live temperature, null when none, stale or flagged
   * @param temperatureAt its reading time (device clock), null exactly when it is null
   * @param occupancy latest valid live occupancy, null when none, stale or flagged
   * @param occupancyAt its reading time, null exactly when it is null
   * @param thresholds the station's effective thresholds ({@link ThresholdSet#forStation})
   */
  public record Input(
      String stationId,
      int capacity,
      OpenState open,
      Double temperatureC,
      Instant temperatureAt,
      Integer occupancy,
      Instant occupancyAt,
      Thresholds thresholds) {

    public Input {
      Objects.requireNonNull(stationId, "stationId");
      Objects.requireNonNull(open, "open");
      Objects.requireNonNull(thresholds, "thresholds");
      if ((temperatureC == null) != (temperatureAt == null)
          || (occupancy == null) != (occupancyAt == null)) {
        throw new IllegalArgumentException("a value comes with its reading time, and only then");
      }
    }
  }

  /** A condition of a station starting ({@code active}) or ending, with what showed it. */
  public record Change(
      String stationId,
      ConditionKind kind,
      boolean active,
      Instant at,
      String detail,
      String detailZh) {

    Change(String stationId, ConditionKind kind, boolean active, Instant at, Bilingual detail) {
      this(stationId, kind, active, at, detail.en(), detail.zh());
    }
  }

  /** An active condition: since when, and the detail it started with. */
  public record Active(ConditionKind kind, Instant since, String detail, String detailZh) {}

  /** One station's pending and active conditions; absent while it has none. */
  private static final class Track {
    /** Per kind, the start of its predicate's current run (epoch ms), or NONE. */
    final long[] since = new long[KINDS.length];

    int active;
    int sweep;

    Track() {
      Arrays.fill(since, NONE);
    }

    boolean idle() {
      if (active != 0) {
        return false;
      }
      for (long s : since) {
        if (s != NONE) {
          return false;
        }
      }
      return true;
    }
  }

  private final Map<String, Track> tracks = new HashMap<>();
  private final Map<String, List<Active>> published = new ConcurrentHashMap<>();
  private int sweeps;

  /** Evaluates one station at {@code now} and returns its active conditions. */
  public synchronized Set<ConditionKind> evaluate(Input in, Instant now) {
    judge(in, now, new ArrayList<>(0));
    Track t = tracks.get(in.stationId());
    EnumSet<ConditionKind> out = EnumSet.noneOf(ConditionKind.class);
    if (t != null) {
      for (ConditionKind k : KINDS) {
        if ((t.active & k.bit()) != 0) {
          out.add(k);
        }
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /**
   * Evaluates every station at {@code now} and returns what started or ended. A station missing
   * from {@code inputs} is forgotten: its active conditions end with a change saying so.
   */
  public synchronized List<Change> sweep(Iterable<Input> inputs, Instant now) {
    sweeps++;
    List<Change> out = new ArrayList<>();
    for (Input in : inputs) {
      judge(in, now, out);
    }
    for (Iterator<Map.Entry<String, Track>> it = tracks.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Track> e = it.next();
      if (e.getValue().sweep == sweeps) {
        continue;
      }
      for (ConditionKind k : KINDS) {
        if ((e.getValue().active & k.bit()) != 0) {
          out.add(new Change(e.getKey(), k, false, now, NO_LONGER_EVALUATED));
        }
      }
      published.remove(e.getKey());
      it.remove();
    }
    return out;
  }

  /** Active conditions by station id, for stations that have any. A snapshot; any thread. */
  public Map<String, List<Active>> active() {
    return Map.copyOf(published);
  }

  /** One station's active conditions, in {@link ConditionKind} order. Any thread. */
  public List<Active> findActive(String stationId) {
    return published.getOrDefault(stationId, List.of());
  }

  /** Stations with a condition pending or active: the only ones that cost memory. */
  synchronized int tracked() {
    return tracks.size();
  }

  private void judge(Input in, Instant now, List<Change> out) {
    int holds = holds(in);
    Track t = tracks.get(in.stationId());
    if (t == null) {
      if (holds == 0) {
        return; // the common case: calm, nothing to remember
      }
      t = new Track();
      tracks.put(in.stationId(), t);
    }
    t.sweep = sweeps;
    long nowMs = now.toEpochMilli();
    int before = t.active;
    int first = out.size();
    for (ConditionKind k : KINDS) {
      int bit = k.bit();
      int i = k.ordinal();
      if ((t.active & bit) != 0) {
        if (clears(k, in)) {
          t.active &= ~bit;
          t.since[i] = NONE;
          out.add(new Change(in.stationId(), k, false, now, ConditionText.ended(k, in)));
        }
      } else if ((holds & bit) != 0) {
        if (t.since[i] == NONE) {
          t.since[i] = runStart(k, in, nowMs);
        }
        long heldMs = nowMs - t.since[i];
        if (heldMs >= minutes(k, in.thresholds()) * 60_000L) {
          t.active |= bit;
          out.add(new Change(in.stationId(), k, true, now, ConditionText.started(k, in, heldMs)));
        }
      } else {
        t.since[i] = NONE;
      }
    }
    if (t.active != before) {
      publish(in.stationId(), t.active, out.subList(first, out.size()));
    }
    if (t.idle()) {
      tracks.remove(in.stationId());
    }
  }

  /** The kinds whose raw predicate holds now, as bits. */
  private static int holds(Input in) {
    Thresholds th = in.thresholds();
    int h = 0;
    Double temperature = in.temperatureC();
    if (temperature != null) {
      double v = temperature;
      if (v > th.tooHotC()) {
        h |= ConditionKind.TOO_HOT.bit();
      }
      if (v < th.tooColdC()) {
        h |= ConditionKind.TOO_COLD.bit();
      }
    }
    Integer occupancy = in.occupancy();
    if (occupancy != null) {
      int o = occupancy;
      if (in.capacity() > 0 && o * 100L >= (long) th.overfullPct() * in.capacity()) {
        h |= ConditionKind.OVERFULL.bit();
      }
      if (o >= 1 && in.open() == OpenState.CLOSED) {
        h |= ConditionKind.CLOSED_OCCUPIED.bit();
      }
    }
    if (temperature == null && occupancy == null && in.open() == OpenState.OPEN) {
      h |= ConditionKind.OPEN_NO_DATA.bit();
    }
    return h;
  }

  private static boolean clears(ConditionKind k, Input in) {
    Thresholds th = in.thresholds();
    Double temperature = in.temperatureC();
    Integer occupancy = in.occupancy();
    return switch (k) {
      case TOO_HOT -> temperature != null && temperature < th.tooHotClearsBelowC();
      case TOO_COLD -> temperature != null && temperature > th.tooColdClearsAboveC();
      case OVERFULL ->
          occupancy != null
              && (in.capacity() <= 0
                  || occupancy * 100L < (long) th.overfullClearsBelowPct() * in.capacity());
      case OPEN_NO_DATA ->
          temperature != null || occupancy != null || in.open() == OpenState.CLOSED;
      case CLOSED_OCCUPIED -> (occupancy != null && occupancy == 0) || in.open() == OpenState.OPEN;
    };
  }

  private static long runStart(ConditionKind k, Input in, long nowMs) {
    return switch (k) {
      case TOO_HOT, TOO_COLD -> Math.min(in.temperatureAt().toEpochMilli(), nowMs);
      case OVERFULL -> Math.min(in.occupancyAt().toEpochMilli(), nowMs);
      case OPEN_NO_DATA, CLOSED_OCCUPIED -> nowMs;
    };
  }

  private static long minutes(ConditionKind k, Thresholds th) {
    return switch (k) {
      case TOO_HOT -> th.tooHotMinutes();
      case TOO_COLD -> th.tooColdMinutes();
      case OVERFULL -> th.overfullMinutes();
      case OPEN_NO_DATA -> th.openNoDataMinutes();
      case CLOSED_OCCUPIED -> th.closedOccupiedMinutes();
    };
  }

  private void publish(String stationId, int active, List<Change> changes) {
    List<Active> next = new ArrayList<>();
    for (Active a : published.getOrDefault(stationId, List.of())) {
      if ((active & a.kind().bit()) != 0) {
        next.add(a);
      }
    }
    for (Change c : changes) {
      if (c.active()) {
        next.add(new Active(c.kind(), c.at(), c.detail(), c.detailZh()));
      }
    }
    if (next.isEmpty()) {
      published.remove(stationId);
    } else {
      next.sort(Comparator.comparing(Active::kind));
      published.put(stationId, List.copyOf(next));
    }
  }
}
