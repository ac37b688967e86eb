package org.yizhan.planning.siting;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.yizhan.error.DomainException;
import org.yizhan.planning.CoverInstance;

/**
 * The set covering run on the reduced {@link Cover}: greedy until the target is met, then shrinking
 * (drop the site losing least and let 1-swap repair the rest while the target still holds). Lower
 * bounds: the fewest largest single candidates whose weights sum to what is needed; the LP
 * relaxation rounded up (when small); and the Lagrangian one: the fewest t whose MCLP Lagrangian
 * bound for t sites reaches the need (when it is below the need for k - 1 sites, k is optimal). The
 * MIP (SCIP) runs when the policy says exact.
 */
final class Lscp {
  private Lscp() {}

  static SitingResult solve(CoverInstance in, double target, SitingMethod method, SitingRun run) {
    run.progress(0, "reduce");
    Cover cover = Cover.reduce(in);
    double tolerance = 1e-9 * cover.totalWeight;
    double need = target * cover.totalWeight - cover.coveredWeight - tolerance;
    double reachable = cover.totalWeight - cover.unreachableWeight;
    if (target * cover.totalWeight > reachable + tolerance) {
      throw DomainException.InvalidInput.of(
          "target",
          String.format(
              "cannot be reached with these candidates: the best reachable share is %.6f",
              reachable / cover.totalWeight));
    }
    List<String> how = new ArrayList<>();
    MclpSearch search = new MclpSearch(cover);
    if (need > 0) {
      search.greedy(cover.candidateCount(), need, run);
      how.add("greedy");
      shrink(search, need, run, run.phaseDeadline(0.3));
      how.add("shrink+swap");
    }
    int size = search.chosen().length;
    int bound = need > 0 ? singlesBound(cover, need) : 0;
    String boundBy = "largest single candidates";
    boolean small = cover.size() <= Mclp.EXACT_MAX_NONZEROS;
    if (bound < size && small) {
      int lp = (int) Math.ceil(lp(cover, need, run) - 1e-6);
      if (lp > bound) {
        bound = lp;
        boundBy = "LP relaxation (GLOP)";
      }
    }
    if (bound < size && size > 1 && !run.stopped()) {
      run.progress(0.5, "bound");
      MclpSearch fewer = new MclpSearch(cover);
      fewer.greedy(size - 1, run);
      MclpBound.Outcome lagrange =
          MclpBound.lagrangian(
              cover, size - 1, fewer.value(), fewer.chosen(), 0, need, run, run.phaseDeadline(0.4));
      int proven = lagrange.bound() < need ? size : Math.min(size, lagrange.fewestReaching());
      if (proven > bound) {
        bound = proven;
        boundBy = "Lagrangian (" + lagrange.iterations() + " subgradient steps)";
      }
    }
    boolean exact =
        method == SitingMethod.MIP
            || method == SitingMethod.CP_SAT
            || method == SitingMethod.AUTO && small;
    boolean proven = false;
    if (exact && bound < size && !run.stopped()) {
      run.progress(0.6, "exact");
      OrTools.Outcome out = mip(cover, need, search.chosen(), run, run.remainingSeconds());
      how.add("MIP (SCIP)");
      if (out.feasible()) {
        int[] picked = OrTools.ones(out.x());
        MclpSearch exactSearch = new MclpSearch(cover);
        for (int j : picked) {
          exactSearch.add(j);
        }
        if (picked.length < size && exactSearch.value() >= need) {
          search = exactSearch;
          size = picked.length;
        }
        proven = out.optimal();
        int mipBound = (int) Math.ceil(out.bound() - 1e-6);
        if (mipBound > bound) {
          bound = mipBound;
          boundBy = "MIP (SCIP)";
        }
      }
    }
    List<SiteGain> sites = search.ordered(search.chosen());
    run.progress(1, "done");
    return Results.minimised(
        SitingModel.LSCP,
        sites,
        size,
        Math.min(bound, size),
        proven,
        String.join("+", how) + "; bound: " + boundBy,
        (cover.coveredWeight + search.value()) / cover.totalWeight,
        run);
  }

  /** Drops the cheapest site and repairs by swapping, as long as the target still holds. */
  private static void shrink(MclpSearch search, double need, SitingRun run, long deadline) {
    while (search.chosen().length > 1 && System.nanoTime() < deadline && !run.cancelled()) {
      int[] before = search.chosen();
      search.remove(search.cheapest());
      if (search.value() < need) {
        search.swap(run, deadline);
      }
      if (search.value() < need) {
        for (int j : search.chosen()) {
          search.remove(j);
        }
        for (int j : before) {
          search.add(j);
        }
        return;
      }
    }
  }

  /** The fewest candidates whose own weights, largest first, sum to the need. */
  private static int singlesBound(Cover cover, double need) {
    int m = cover.candidateCount();
    double[] sizes = new double[m];
    for (int j = 0; j < m; j++) {
      for (int p = cover.rowStart[j]; p < cover.rowStart[j + 1]; p++) {
        sizes[j] += cover.rowWeight[cover.rows[p]];
      }
    }
    Arrays.sort(sizes);
    double sum = 0;
    for (int t = 1; t <= m; t++) {
      sum += sizes[m - t];
      if (sum >= need) {
        return t;
      }
    }
    return m;
  }

  private static double lp(Cover cover, double need, SitingRun run) {
    MPSolver solver = OrTools.solver("GLOP");
    MPVariable[] x = build(solver, cover, need, false);
    OrTools.Outcome out = OrTools.solve(solver, x, run, run.remainingSeconds() * 0.2);
    return out.feasible() && out.optimal() ? out.bound() : 0;
  }

  private static OrTools.Outcome mip(
      Cover cover, double need, int[] hint, SitingRun run, double seconds) {
    MPSolver solver = OrTools.solver("SCIP");
    MPVariable[] x = build(solver, cover, need, true);
    MPVariable[] hinted = new MPVariable[hint.length];
    double[] ones = new double[hint.length];
    for (int q = 0; q < hint.length; q++) {
      hinted[q] = x[hint[q]];
      ones[q] = 1;
    }
    solver.setHint(hinted, ones);
    return OrTools.solve(solver, x, run, seconds);
  }

  /** Minimise the sites subject to covered weight &ge; need, y &le; &Sigma; x, 0 &le; y &le; 1. */
  private static MPVariable[] build(MPSolver solver, Cover cover, double need, boolean integer) {
    int m = cover.candidateCount();
    MPVariable[] x = new MPVariable[m];
    MPObjective objective = solver.objective();
    objective.setMinimization();
    for (int j = 0; j < m; j++) {
      x[j] = solver.makeVar(0, 1, integer, "x" + j);
      objective.setCoefficient(x[j], 1);
    }
    MPConstraint enough = solver.makeConstraint(need, Double.POSITIVE_INFINITY, "need");
    for (int r = 0; r < cover.rowCount(); r++) {
      MPVariable y = solver.makeNumVar(0, 1, "y" + r);
      enough.setCoefficient(y, cover.rowWeight[r]);
      MPConstraint reach = solver.makeConstraint(Double.NEGATIVE_INFINITY, 0, "c" + r);
      reach.setCoefficient(y, 1);
      for (int p = cover.candStart[r]; p < cover.candStart[r + 1]; p++) {
        reach.setCoefficient(x[cover.cands[p]], -1);
      }
    }
    return x;
  }
}
