package org.yizhan.bench;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.yizhan.arrival.ArrivalModel;
import org.yizhan.arrival.Forecast;
import org.yizhan.arrival.Prediction;
import org.yizhan.arrival.ProfileBuilder;
import org.yizhan.arrival.WeekProfile;
import org.yizhan.demo.DemoNetworkGenerator;
import org.yizhan.station.Station;
import org.yizhan.station.hours.OpeningHours;
import org.yizhan.tools.sim.OccupancyHistory;

/**
 * Accuracy of free seats on arrival (issue 17) on simulated history, in memory, with the server's
 * own model code ({@link ProfileBuilder}, {@link Forecast}).
 *
 * <p>The simulator's device model gives six weeks of occupancy every 5 minutes for stations of the
 * Shanxi demo network. Weeks 1-4 build a typical week and week 5 is the training week on which the
 * constants are fitted ({@code fit}); weeks 2-5 build the typical week from which the held-out week
 * 6 is predicted with the constants in the code ({@link Forecast#FITTED}). At each 5-minute step of
 * the held-out week and each horizon (5, 10, 15, 30 minutes) the prediction made from the reading
 * then is compared with the reading at arrival, where the station is open then, against two
 * baselines in the same run: the current value stays, and the historical mean for that hour of the
 * week.
 *
 * <pre>
 * java -cp benchmarks.jar org.yizhan.bench.ArrivalAccuracy [STATIONS] [END yyyy-mm-dd] [fit]
 * </pre>
 */
public final class ArrivalAccuracy {

  private static final long STEP_MS = 300_000;
  private static final int STEPS_PER_WEEK = 7 * 24 * 12;
  private static final int[] HORIZONS_MIN = {5, 10, 15, 30};
  private static final long SEED = 17;

  private ArrivalAccuracy() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    String end = args.length > 1 ? args[1] : "2026-08-01";
    boolean fit = args.length > 2 && args[2].equals("fit");
    long endMs = OffsetDateTime.parse(end + "T00:00:00+08:00").toInstant().toEpochMilli();
    long startMs = endMs - 6L * STEPS_PER_WEEK * STEP_MS;
    List<Station> all = DemoNetworkGenerator.generate("shanxi", 20_221_231L);
    List<Station> stations = new ArrayList<>();
    for (int i = 0; i < n && i < all.size(); i++) {
      stations.add(all.get((int) ((long) i * all.size() / Math.min(n, all.size()))));
    }
    long t0 = System.nanoTime();
    int[][] occ = OccupancyHistory.of(stations, SEED, startMs, STEP_MS, 6 * STEPS_PER_WEEK);
    System.err.printf(
        Locale.ROOT,
        "simulated %d stations x 6 weeks at 5 min in %.1f s%n",
        stations.size(),
        (System.nanoTime() - t0) / 1e9);
    if (fit) {
      fit(stations, occ, startMs);
      return;
    }
    ArrivalModel model = model(stations, occ, startMs, 1);
    Tally t = evaluate(stations, occ, startMs, model, 5, Forecast.FITTED, true);
    t.print(stations.size(), end);
  }

  /** Grid search of the constants on week 5 with the typical week of weeks 1-4. */
  private static void fit(List<Station> stations, int[][] occ, long startMs) {
    ArrivalModel model = model(stations, occ, startMs, 0);
    double best = Double.MAX_VALUE;
    Forecast.Params bestParams = null;
    for (double persist : new double[] {0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.7, 1}) {
      for (double tau : new double[] {5, 8, 10, 12, 15, 20, 25, 30, 60}) {
        Forecast.Params p = new Forecast.Params(persist, tau, 1.28);
        double mae = evaluate(stations, occ, startMs, model, 4, p, false).meanModelMae();
        if (mae < best) {
          best = mae;
          bestParams = p;
        }
      }
    }
    double bestZ = 0;
    double bestGap = Double.MAX_VALUE;
    for (double z = 0.5; z <= 3.0; z += 0.1) {
      Forecast.Params p = new Forecast.Params(bestParams.persist(), bestParams.tauMin(), z);
      double gap = Math.abs(evaluate(stations, occ, startMs, model, 4, p, false).coverage() - 0.8);
      if (gap < bestGap) {
        bestGap = gap;
        bestZ = z;
      }
    }
    System.out.printf(
        Locale.ROOT,
        "ARRIVAL_FIT persist=%.2f tau_min=%.0f z=%.1f training_mae=%.3f%n",
        bestParams.persist(),
        bestParams.tauMin(),
        bestZ,
        best);
  }

  /** The typical week of the four weeks from {@code firstWeek}, from hourly means as stored. */
  private static ArrivalModel model(
      List<Station> stations, int[][] occ, long startMs, int firstWeek) {
    ProfileBuilder b = new ProfileBuilder();
    long hour0 = startMs / 3_600_000L;
    for (int s = 0; s < stations.size(); s++) {
      for (int h = firstWeek * 168; h < (firstWeek + 4) * 168; h++) {
        double sum = 0;
        for (int k = h * 12; k < h * 12 + 12; k++) {
          sum += Math.max(0, occ[s][k]); // a closed station's counter reports 0
        }
        b.hour(s, stations.get(s).id(), hour0 + h, sum / 12);
      }
    }
    return b.build(Instant.ofEpochMilli(startMs + (firstWeek + 4L) * STEPS_PER_WEEK * STEP_MS));
  }

  private static Tally evaluate(
      List<Station> stations,
      int[][] occ,
      long startMs,
      ArrivalModel model,
      int week,
      Forecast.Params params,
      boolean all) {
    Tally t = new Tally();
    int stride = all ? 1 : 3;
    for (int s = 0; s < stations.size(); s++) {
      Station st = stations.get(s);
      int cap = st.capacity();
      WeekProfile p = model.find(st.id());
      for (int k = week * STEPS_PER_WEEK; k < (week + 1) * STEPS_PER_WEEK; k += stride) {
        int current = Math.max(0, occ[s][k]);
        long nowMs = startMs + k * STEP_MS;
        Instant now = Instant.ofEpochMilli(nowMs);
        for (int hi = 0; hi < HORIZONS_MIN.length; hi++) {
          int m = HORIZONS_MIN[hi];
          int at = k + m / 5;
          if (at >= occ[s].length || occ[s][at] == OccupancyHistory.CLOSED) {
            continue;
          }
          int truthFree = cap - occ[s][at];
          Prediction pr = Forecast.predict(p, cap, current, now, m, params);
          if (pr.status() != Prediction.Status.PREDICTED) {
            t.insufficient++;
            continue;
          }
          long arrivalS = nowMs / 1000 + 60L * m;
          double mean = p.typical(OpeningHours.hourOfWeek(arrivalS));
          t.add(
              hi,
              Math.abs(pr.freeSeats() - truthFree),
              Math.abs((cap - current) - truthFree),
              Math.abs(Math.round(cap - mean) - truthFree),
              truthFree >= pr.freeLow() && truthFree <= pr.freeHigh(),
              pr.confidence());
        }
      }
    }
    return t;
  }

  private static final class Tally {
    final long[] count = new long[HORIZONS_MIN.length];
    final double[] model = new double[HORIZONS_MIN.length];
    final double[] stays = new double[HORIZONS_MIN.length];
    final double[] mean = new double[HORIZONS_MIN.length];
    final long[] inside = new long[HORIZONS_MIN.length];
    final long[] confidence = new long[3];
    long insufficient;

    void add(int h, double m, double s, double hourMean, boolean in, Prediction.Confidence c) {
      count[h]++;
      model[h] += m;
      stays[h] += s;
      mean[h] += hourMean;
      inside[h] += in ? 1 : 0;
      confidence[c.ordinal()]++;
    }

    double meanModelMae() {
      double sum = 0;
      for (int h = 0; h < count.length; h++) {
        sum += model[h] / count[h];
      }
      return sum / count.length;
    }

    double coverage() {
      long in = 0;
      long n = 0;
      for (int h = 0; h < count.length; h++) {
        in += inside[h];
        n += count[h];
      }
      return in / (double) n;
    }

    void print(int stations, String end) {
      long all = confidence[0] + confidence[1] + confidence[2];
      for (int h = 0; h < count.length; h++) {
        double mm = model[h] / count[h];
        double ms = stays[h] / count[h];
        double mh = mean[h] / count[h];
        System.out.printf(
            Locale.ROOT,
            "ARRIVAL stations=%d heldout_week_ending=%s horizon_min=%d predictions=%d"
                + " mae_model=%.3f mae_current_stays=%.3f mae_hour_mean=%.3f"
                + " interval_coverage=%.3f beats_both=%s%n",
            stations,
            end,
            HORIZONS_MIN[h],
            count[h],
            mm,
            ms,
            mh,
            inside[h] / (double) count[h],
            mm < ms && mm < mh ? "yes" : "no");
      }
      System.out.printf(
          Locale.ROOT,
          "ARRIVAL_CONFIDENCE high=%.3f medium=%.3f low=%.3f insufficient=%d%n",
          confidence[0] / (double) all,
          confidence[1] / (double) all,
          confidence[2] / (double) all,
          insufficient);
    }
  }
}
