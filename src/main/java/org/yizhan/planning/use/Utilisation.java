package org.yizhan.planning.use;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.yizhan.condition.Thresholds;
import org.yizhan.station.Station;
import org.yizhan.station.hours.OpenState;
import org.yizhan.station.hours.OpeningHours;

/**
 * Judges each station's use from its hourly rows: pure, so that it is tested without a database;
 * {@link org.yizhan.planning.use.internal.HourlyReadings} supplies the rows. Rows are fed one at a
 * time ({@link #add}), in any order, so a province's month (millions of rows) is never held whole.
 */
public final class Utilisation {

  private static final int HOURS_PER_WEEK = 7 * 24;

  private final UseRules rules;
  private final Judging judging;
  private final Station[] stations;
  private final double[] tooHotC;
  private final double[] tooColdC;

  /** Per weekly station, cell-major ({@code cell * n + station}): the hour's middle is closed. */
  private final boolean[] closedCell;

  private final boolean[] weekly;

  /** Per station with dated hours: the local day last judged and its closed hours (bits). */
  private final long[] closedDay;

  private final int[] closedMask;

  // The tallies, one slot per station; the hour-of-week ones cell-major, so that the hours of one
  // clock hour (every station, the same cell: the order the rollup is written in) sit together.
  private final int[] hours;
  private final int[] open;
  private final int[] full;
  private final int[] hot;
  private final int[] cold;
  private final int[] fullReports;
  private final double[] occupancySum;
  private final double[] heatSum;
  private final int[] heatCount;

  /**
   * @param network the stations judged (rows of other stations are ignored)
   * @param thresholds each station's effective thresholds (too hot, too cold), asked once per
   *     station
   */
  public Utilisation(
      List<Station> network, UseRules rules, Function<String, Thresholds> thresholds) {
    this(rules, Judging.of(network, thresholds));
  }

  /** Empty tallies over stations already judged, shared with any copy ({@link #emptyCopy}). */
  private Utilisation(UseRules rules, Judging judging) {
    this.rules = rules;
    this.judging = judging;
    stations = judging.stations();
    tooHotC = judging.tooHotC();
    tooColdC = judging.tooColdC();
    weekly = judging.weekly();
    closedCell = judging.closedCell();
    int n = stations.length;
    closedDay = new long[n];
    java.util.Arrays.fill(closedDay, Long.MIN_VALUE);
    closedMask = new int[n];
    hours = new int[n];
    open = new int[n];
    full = new int[n];
    hot = new int[n];
    cold = new int[n];
    fullReports = new int[n];
    occupancySum = new double[n];
    heatSum = new double[HOURS_PER_WEEK * n];
    heatCount = new int[HOURS_PER_WEEK * n];
  }

  /**
   * What is known of the stations before any hour comes: their slots, thresholds, and for weekly
   * opening hours which hours of the week are closed (cell-major, {@code cell * n + station}).
   */
  private record Judging(
      Station[] stations,
      Map<String, Integer> index,
      double[] tooHotC,
      double[] tooColdC,
      boolean[] weekly,
      boolean[] closedCell) {

    static Judging of(List<Station> network, Function<String, Thresholds> thresholds) {
      Map<String, Integer> index = new HashMap<>();
      List<Station> distinct = new ArrayList<>();
      for (Station s : network) {
        if (index.putIfAbsent(s.id(), distinct.size()) == null) {
          distinct.add(s);
        }
      }
      Station[] stations = distinct.toArray(Station[]::new);
      int n = stations.length;
      double[] tooHotC = new double[n];
      double[] tooColdC = new double[n];
      boolean[] weekly = new boolean[n];
      boolean[] closedCell = new boolean[HOURS_PER_WEEK * n];
      for (int i = 0; i < n; i++) {
        Thresholds t = thresholds.apply(stations[i].id());
        tooHotC[i] = t.tooHotC();
        tooColdC[i] = t.tooColdC();
        OpeningHours oh = stations[i].openingHours();
        weekly[i] = oh.isWeekly();
        if (weekly[i]) {
          for (int cell = 0; cell < HOURS_PER_WEEK; cell++) {
            closedCell[cell * n + i] = oh.stateAt(MIDDLES[cell]) == OpenState.CLOSED;
          }
        }
      }
      return new Judging(stations, Map.copyOf(index), tooHotC, tooColdC, weekly, closedCell);
    }
  }

  /** A Monday: a weekly station's hours are the same in every week. */
  private static final java.time.LocalDate REFERENCE_MONDAY = java.time.LocalDate.of(2024, 1, 1);

  /** The middle of each hour of the week, in a week that stands for every week. */
  private static final Instant[] MIDDLES = new Instant[HOURS_PER_WEEK];

  static {
    for (int cell = 0; cell < HOURS_PER_WEEK; cell++) {
      MIDDLES[cell] =
          REFERENCE_MONDAY
              .plusDays(cell / 24)
              .atTime(cell % 24, 30)
              .atZone(OpeningHours.ZONE)
              .toInstant();
    }
  }

  /**
   * An empty tally of the same stations and rules, for counting part of the hours on another
   * thread; {@link #addAll} joins it back. Neither is safe to share between threads.
   */
  public Utilisation emptyCopy() {
    return new Utilisation(rules, judging);
  }

  /** Adds what {@code part} (an {@link #emptyCopy} of this one) counted. */
  public void addAll(Utilisation part) {
    if (part.stations != stations) {
      throw new IllegalArgumentException("not a copy of this tally");
    }
    for (int i = 0; i < stations.length; i++) {
      hours[i] += part.hours[i];
      open[i] += part.open[i];
      full[i] += part.full[i];
      hot[i] += part.hot[i];
      cold[i] += part.cold[i];
      fullReports[i] += part.fullReports[i];
      occupancySum[i] += part.occupancySum[i];
    }
    for (int k = 0; k < heatSum.length; k++) {
      heatSum[k] += part.heatSum[k];
      heatCount[k] += part.heatCount[k];
    }
  }

  /** The station's slot for {@link #addHourAt}, or -1 when it is not judged here. */
  public int indexOf(String stationId) {
    Integer i = judging.index().get(stationId);
    return i == null ? -1 : i;
  }

  /** Counts one station-hour. */
  public void add(HourRow row) {
    addHour(
        row.stationId(),
        Math.floorDiv(row.hour().getEpochSecond(), 3600),
        row.meanOccupancy(),
        row.meanTemperatureC());
  }

  /**
   * Counts one station-hour without making objects.
   *
   * @param epochHour the hour's start in hours since 1970-01-01T00:00Z (Beijing hours are UTC hours
   *     too: the offset is whole)
   * @param meanOccupancy NaN when the hour had no occupancy reading (then it is not counted)
   * @param meanTemperatureC NaN when the hour had no temperature reading
   */
  public void addHour(
      String stationId, long epochHour, double meanOccupancy, double meanTemperatureC) {
    int i = indexOf(stationId);
    if (i >= 0) {
      addHourAt(i, epochHour, meanOccupancy, meanTemperatureC);
    }
  }

  /**
   * {@link #addHour} for the station in slot {@code i} ({@link #indexOf}): a province's 90 days are
   * 10 million station-hours, and a map lookup each costs more than the counting.
   */
  public void addHourAt(int i, long epochHour, double meanOccupancy, double meanTemperatureC) {
    if (Double.isNaN(meanOccupancy)) {
      return;
    }
    Station s = stations[i];
    int n = stations.length;
    hours[i]++;
    double share = meanOccupancy / s.capacity();
    long start = epochHour * 3600;
    int cell = OpeningHours.hourOfWeek(start);
    heatSum[cell * n + i] += share;
    heatCount[cell * n + i]++;
    // The hour's middle decides whether it was an open hour: a station opening at 07:30 counts
    // its 07:00 hour as closed.
    boolean closed;
    if (weekly[i]) {
      closed = closedCell[cell * n + i];
    } else {
      // Hours that depend on the date: the day judged once per station and day, here rather than
      // in OpeningHours' own one-day cache, which two threads on two halves would keep evicting.
      long localHour = OpeningHours.localHour(start);
      long day = Math.floorDiv(localHour, 24);
      if (closedDay[i] != day) {
        closedDay[i] = day;
        closedMask[i] = s.openingHours().closedHours(day);
      }
      closed = (closedMask[i] & (1 << (int) Math.floorMod(localHour, 24))) != 0;
    }
    if (closed) {
      return;
    }
    open[i]++;
    occupancySum[i] += meanOccupancy;
    if (share >= rules.fullShare()) {
      full[i]++;
    }
    if (!Double.isNaN(meanTemperatureC)) {
      if (meanTemperatureC > tooHotC[i]) {
        hot[i]++;
      } else if (meanTemperatureC < tooColdC[i]) {
        cold[i]++;
      }
    }
  }

  /** Counts a station's "full" reports of the period. */
  public void fullReports(String stationId, int count) {
    int i = indexOf(stationId);
    if (i >= 0) {
      fullReports[i] += count;
    }
  }

  /** The report over everything added. */
  public UseReport report(Instant from, Instant to) {
    List<StationUse> all = new ArrayList<>();
    Integer[] order = new Integer[stations.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    java.util.Arrays.sort(order, Comparator.comparing(i -> stations[i].id()));
    for (int i : order) {
      all.add(use(i));
    }
    List<StationUse> overloaded =
        all.stream()
            .filter(u -> u.openHours() >= rules.minOpenHours())
            .filter(u -> u.fullShare() >= rules.overloadedShare())
            .sorted(
                Comparator.comparingDouble(StationUse::fullShare)
                    .reversed()
                    .thenComparing(StationUse::stationId))
            .toList();
    List<StationUse> underused =
        all.stream()
            .filter(u -> u.openHours() >= rules.minOpenHours())
            .filter(u -> u.meanOccupancyShare() < rules.underusedShare())
            .sorted(
                Comparator.comparingDouble(StationUse::meanOccupancyShare)
                    .thenComparing(StationUse::stationId))
            .toList();
    return new UseReport(from, to, rules, all, overloaded, underused);
  }

  private StationUse use(int i) {
    Station s = stations[i];
    int n = stations.length;
    double[][] heat = new double[7][24];
    for (int c = 0; c < HOURS_PER_WEEK; c++) {
      int count = heatCount[c * n + i];
      heat[c / 24][c % 24] = count == 0 ? Double.NaN : heatSum[c * n + i] / count;
    }
    double mean = open[i] == 0 ? Double.NaN : occupancySum[i] / open[i];
    return new StationUse(
        s.id(),
        s.nameZh(),
        s.city(),
        s.district(),
        s.capacity(),
        hours[i],
        open[i],
        open[i] == 0 ? Double.NaN : (double) full[i] / open[i],
        mean,
        mean / s.capacity(),
        heat,
        hot[i],
        cold[i],
        fullReports[i]);
  }
}
