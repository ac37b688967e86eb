package org.yizhan.planning.use;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZonedDateTime;
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
  private final Function<String, Thresholds> thresholds;
  private final Thresholds global;
  private final Map<String, Tally> tallies = new HashMap<>();
  private final Map<String, Station> stations = new HashMap<>();

  /**
   * @param network the stations judged (rows of other stations are ignored)
   * @param thresholds each station's effective thresholds (too hot, too cold)
   */
  public Utilisation(
      List<Station> network, UseRules rules, Function<String, Thresholds> thresholds) {
    this(network, rules, thresholds, thresholds.apply(null));
  }

  /**
   * @param global the thresholds of a station without overrides
   */
  public Utilisation(
      List<Station> network,
      UseRules rules,
      Function<String, Thresholds> thresholds,
      Thresholds global) {
    this.rules = rules;
    this.thresholds = thresholds;
    this.global = global;
    for (Station s : network) {
      stations.put(s.id(), s);
      tallies.put(s.id(), new Tally());
    }
  }

  /** Counts one station-hour. */
  public void add(HourRow row) {
    Station s = stations.get(row.stationId());
    if (s == null || Double.isNaN(row.meanOccupancy())) {
      return;
    }
    Tally t = tallies.get(s.id());
    t.hours++;
    double share = row.meanOccupancy() / s.capacity();
    ZonedDateTime local = row.hour().atZone(OpeningHours.ZONE);
    int cell =
        (local.getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()) * 24 + local.getHour();
    t.heatSum[cell] += share;
    t.heatCount[cell]++;
    // The hour's middle decides whether it was an open hour: a station opening at 07:30 counts
    // its 07:00 hour as closed.
    OpenState state = s.openingHours().stateAt(row.hour().plusSeconds(1800));
    if (state == OpenState.CLOSED) {
      return;
    }
    t.open++;
    t.occupancySum += row.meanOccupancy();
    if (share >= rules.fullShare()) {
      t.full++;
    }
    double temp = row.meanTemperatureC();
    if (!Double.isNaN(temp)) {
      Thresholds th = thresholds.apply(s.id());
      if (temp > th.tooHotC()) {
        t.hot++;
      } else if (temp < th.tooColdC()) {
        t.cold++;
      }
    }
  }

  /**
   * The thresholds of a station without overrides: what the database compares the hours of the
   * weekly stations with, unless a station has its own (see {@link #addCells}).
   */
  public Thresholds globalThresholds() {
    return global;
  }

  /**
   * The stations whose hours must come one by one ({@link #add}): their opening hours change with
   * the date. Every other station's hours may come as {@link #addCells}.
   */
  public List<String> otherStations() {
    List<String> out = new ArrayList<>();
    for (Station s : stations.values()) {
      if (!s.openingHours().isWeekly()) {
        out.add(s.id());
      }
    }
    return out;
  }

  /** The share of capacity at which an hour counts as full. */
  public double fullShare() {
    return rules.fullShare();
  }

  /**
   * Counts many hours of one weekly station at once, all in the same hour of the week, as {@link
   * #add} would count them one by one: hours with a mean occupancy, the sum of those means, and how
   * many of them were full, too hot and too cold (each judged as {@link #add} judges an hour).
   *
   * @param cell hour of the week, Monday 00:00 first (0 to 167), China time
   */
  public void addCells(
      String stationId, int cell, long hours, double occupancySum, long full, long hot, long cold) {
    Station s = stations.get(stationId);
    if (s == null || hours == 0) {
      return;
    }
    Tally t = tallies.get(stationId);
    t.hours += (int) hours;
    t.heatSum[cell] += occupancySum / s.capacity();
    t.heatCount[cell] += (int) hours;
    Instant middle =
        REFERENCE_MONDAY
            .plusDays(cell / 24)
            .atTime(cell % 24, 30)
            .atZone(OpeningHours.ZONE)
            .toInstant();
    if (s.openingHours().stateAt(middle) == OpenState.CLOSED) {
      return;
    }
    t.open += (int) hours;
    t.occupancySum += occupancySum;
    t.full += (int) full;
    t.hot += (int) hot;
    t.cold += (int) cold;
  }

  /** A Monday: a weekly station's hours are the same in every week. */
  private static final java.time.LocalDate REFERENCE_MONDAY = java.time.LocalDate.of(2024, 1, 1);

  /** Counts a station's "full" reports of the period. */
  public void fullReports(String stationId, int count) {
    Tally t = tallies.get(stationId);
    if (t != null) {
      t.fullReports += count;
    }
  }

  /** The report over everything added. */
  public UseReport report(Instant from, Instant to) {
    List<StationUse> all = new ArrayList<>();
    List<String> ids = new ArrayList<>(stations.keySet());
    ids.sort(null);
    for (String id : ids) {
      all.add(use(stations.get(id), tallies.get(id)));
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

  private static StationUse use(Station s, Tally t) {
    double[][] heat = new double[7][24];
    for (int c = 0; c < HOURS_PER_WEEK; c++) {
      heat[c / 24][c % 24] = t.heatCount[c] == 0 ? Double.NaN : t.heatSum[c] / t.heatCount[c];
    }
    double mean = t.open == 0 ? Double.NaN : t.occupancySum / t.open;
    return new StationUse(
        s.id(),
        s.nameZh(),
        s.city(),
        s.district(),
        s.capacity(),
        t.hours,
        t.open,
        t.open == 0 ? Double.NaN : (double) t.full / t.open,
        mean,
        mean / s.capacity(),
        heat,
        t.hot,
        t.cold,
        t.fullReports);
  }

  private static final class Tally {
    int hours;
    int open;
    int full;
    int hot;
    int cold;
    int fullReports;
    double occupancySum;
    final double[] heatSum = new double[HOURS_PER_WEEK];
    final int[] heatCount = new int[HOURS_PER_WEEK];
  }
}
