package org.yizhan.planning.siting;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import java.util.ArrayList;
import java.util.List;
import org.yizhan.planning.CoverInstance;

/**
 * The p-median run on the reduced {@link Distances}, in its savings form: maximise &Sigma;
 * s<sub>ij</sub> z<sub>ij</sub> (s = weight &times; metres saved when j serves i) subject to
 * &Sigma;<sub>j</sub> z<sub>ij</sub> &le; 1, z<sub>ij</sub> &le; x<sub>j</sub>, &Sigma; x &le; k;
 * cost = the fixed network's cost - savings. Lower bounds on cost: the submodular one (cost(S) -
 * the k largest single savings added to S) and the LP relaxation through GLOP when small; exact
 * through SCIP (z stays continuous: with integer x each demand's best open site is integral).
 */
final class PMedian {
  private PMedian() {}

  static SitingResult solve(CoverInstance in, int k, SitingMethod method, SitingRun run) {
    run.progress(0, "reduce");
    Distances d = Distances.reduce(in);
    List<String> how = new ArrayList<>();
    PMedianSearch search = new PMedianSearch(d);
    search.greedy(k, run);
    how.add("greedy");
    boolean small = d.size() <= Mclp.EXACT_MAX_NONZEROS;
    boolean exact =
        method == SitingMethod.MIP
            || method == SitingMethod.CP_SAT
            || method == SitingMethod.AUTO && small;
    search.swap(run, run.phaseDeadline(exact ? 0.1 : 0.5));
    how.add("swap");
    double[] gains = search.gains();
    double bound = search.cost() - MaxHeap.sumOfLargest(gains, gains.length, k);
    String boundBy = "submodular";
    if (small && !exact && !run.stopped()) {
      run.progress(0.4, "bound");
      MPSolver solver = OrTools.solver("GLOP");
      OrTools.Outcome lp =
          OrTools.solve(solver, build(solver, d, k, false), run, run.remainingSeconds() * 0.3);
      if (lp.feasible() && lp.optimal() && d.baseCost - lp.bound() > bound) {
        bound = d.baseCost - lp.bound();
        boundBy = "LP relaxation (GLOP)";
      }
    }
    boolean proven = false;
    double cost = search.cost();
    if (exact && cost - bound > 1e-9 * Math.max(1, cost) && !run.stopped()) {
      run.progress(0.5, "exact");
      MPSolver solver = OrTools.solver("SCIP");
      MPVariable[] x = build(solver, d, k, true);
      int[] hint = search.chosen();
      MPVariable[] hinted = new MPVariable[hint.length];
      double[] ones = new double[hint.length];
      for (int q = 0; q < hint.length; q++) {
        hinted[q] = x[hint[q]];
        ones[q] = 1;
      }
      solver.setHint(hinted, ones);
      OrTools.Outcome out = OrTools.solve(solver, x, run, run.remainingSeconds());
      how.add("MIP (SCIP)");
      if (out.feasible()) {
        int[] before = search.chosen();
        search.reset(OrTools.ones(out.x()));
        if (search.cost() > cost) {
          search.reset(before);
        }
        proven = out.optimal();
        if (d.baseCost - out.bound() > bound) {
          bound = d.baseCost - out.bound();
          boundBy = "MIP (SCIP)";
        }
      }
    }
    List<SiteGain> sites = search.ordered(search.chosen());
    run.progress(1, "done");
    int[] originals = sites.stream().mapToInt(SiteGain::candidate).toArray();
    return Results.minimised(
        SitingModel.P_MEDIAN,
        sites,
        search.cost(),
        bound,
        proven,
        String.join("+", how) + "; bound: " + boundBy,
        Shares.covered(in, originals),
        run);
  }

  private static MPVariable[] build(MPSolver solver, Distances d, int k, boolean integer) {
    int m = d.candidateCount();
    MPVariable[] x = new MPVariable[m];
    MPConstraint budget = solver.makeConstraint(0, k, "k");
    for (int j = 0; j < m; j++) {
      x[j] = solver.makeVar(0, 1, integer, "x" + j);
      budget.setCoefficient(x[j], 1);
    }
    MPConstraint[] once = new MPConstraint[d.demandCount()];
    for (int i = 0; i < once.length; i++) {
      once[i] = solver.makeConstraint(Double.NEGATIVE_INFINITY, 1, "d" + i);
    }
    MPObjective objective = solver.objective();
    objective.setMaximization();
    for (int j = 0; j < m; j++) {
      for (int p = d.start[j]; p < d.start[j + 1]; p++) {
        int i = d.demand[p];
        MPVariable z = solver.makeNumVar(0, 1, "z" + p);
        objective.setCoefficient(z, d.weight[i] * (d.base[i] - d.distance[p]));
        once[i].setCoefficient(z, 1);
        MPConstraint open = solver.makeConstraint(Double.NEGATIVE_INFINITY, 0, "o" + p);
        open.setCoefficient(z, 1);
        open.setCoefficient(x[j], -1);
      }
    }
    return x;
  }
}
