package org.yizhan.planning.siting;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.DoubleLinearExpr;
import com.google.ortools.sat.LinearExpr;
import com.google.ortools.sat.Literal;

/**
 * MCLP on a reduced {@link Cover} as a mathematical program: maximise &Sigma; w<sub>r</sub>
 * y<sub>r</sub> subject to y<sub>r</sub> &le; &Sigma;<sub>j covers r</sub> x<sub>j</sub>, &Sigma;
 * x<sub>j</sub> &le; k, x binary, 0 &le; y &le; 1. y need not be declared integer: with integer x
 * the best y is min(1, &Sigma; x), integer already. Solved by SCIP (the MIP), GLOP (its LP
 * relaxation, a bound) or CP-SAT (a second exact method, y then Boolean).
 */
final class MclpExact {
  private MclpExact() {}

  /** SCIP with the heuristic's sites as a hint; x holds the candidates' values. */
  static OrTools.Outcome mip(Cover cover, int k, int[] hint, SitingRun run, double seconds) {
    MPSolver solver = OrTools.solver("SCIP");
    MPVariable[] x = build(solver, cover, k, true);
    if (hint.length > 0) {
      MPVariable[] hinted = new MPVariable[hint.length];
      double[] ones = new double[hint.length];
      for (int q = 0; q < hint.length; q++) {
        hinted[q] = x[hint[q]];
        ones[q] = 1;
      }
      solver.setHint(hinted, ones);
    }
    return OrTools.solve(solver, x, run, seconds);
  }

  /** The LP relaxation's optimum, an upper bound on the MCLP optimum. */
  static OrTools.Outcome lp(Cover cover, int k, SitingRun run, double seconds) {
    MPSolver solver = OrTools.solver("GLOP");
    MPVariable[] x = build(solver, cover, k, false);
    return OrTools.solve(solver, x, run, seconds);
  }

  /** The model in CPLEX LP format, as the benchmark hands it to GLPK. */
  static String lpFormat(Cover cover, int k) {
    MPSolver solver = OrTools.solver("SCIP");
    try {
      build(solver, cover, k, true);
      return solver.exportModelAsLpFormat(false);
    } finally {
      solver.delete();
    }
  }

  /** CP-SAT on the same model; weights are used as they are when whole numbers, else as doubles. */
  static OrTools.Outcome cpSat(Cover cover, int k, int[] hint, SitingRun run, double seconds) {
    OrTools.load();
    CpModel model = new CpModel();
    int m = cover.candidateCount();
    BoolVar[] x = new BoolVar[m];
    for (int j = 0; j < m; j++) {
      x[j] = model.newBoolVar("x" + j);
    }
    for (int j : hint) {
      model.addHint(x[j], true);
    }
    model.addLessOrEqual(LinearExpr.sum(x), k);
    int n = cover.rowCount();
    BoolVar[] y = new BoolVar[n];
    boolean whole = true;
    for (int r = 0; r < n; r++) {
      y[r] = model.newBoolVar("y" + r);
      int from = cover.candStart[r];
      int to = cover.candStart[r + 1];
      BoolVar[] by = new BoolVar[to - from];
      for (int p = from; p < to; p++) {
        by[p - from] = x[cover.cands[p]];
      }
      model.addLessOrEqual(y[r], LinearExpr.sum(by));
      double w = cover.rowWeight[r];
      whole &= w == Math.rint(w) && w < 1e12;
    }
    if (whole) {
      long[] coefficients = new long[n];
      for (int r = 0; r < n; r++) {
        coefficients[r] = (long) cover.rowWeight[r];
      }
      model.maximize(LinearExpr.weightedSum(y, coefficients));
    } else {
      model.maximize(DoubleLinearExpr.weightedSum((Literal[]) y, cover.rowWeight));
    }
    return OrTools.solve(model, x, run, seconds);
  }

  private static MPVariable[] build(MPSolver solver, Cover cover, int k, boolean integer) {
    int m = cover.candidateCount();
    MPVariable[] x = new MPVariable[m];
    MPConstraint budget = solver.makeConstraint(0, k, "k");
    for (int j = 0; j < m; j++) {
      x[j] = solver.makeVar(0, 1, integer, "x" + j);
      budget.setCoefficient(x[j], 1);
    }
    MPObjective objective = solver.objective();
    objective.setMaximization();
    for (int r = 0; r < cover.rowCount(); r++) {
      MPVariable y = solver.makeNumVar(0, 1, "y" + r);
      objective.setCoefficient(y, cover.rowWeight[r]);
      MPConstraint reach = solver.makeConstraint(Double.NEGATIVE_INFINITY, 0, "c" + r);
      reach.setCoefficient(y, 1);
      for (int p = cover.candStart[r]; p < cover.candStart[r + 1]; p++) {
        reach.setCoefficient(x[cover.cands[p]], -1);
      }
    }
    return x;
  }
}
