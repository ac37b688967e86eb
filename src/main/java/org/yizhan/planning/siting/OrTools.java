package org.yizhan.planning.siting;

import com.google.ortools.Loader;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPSolverParameters;
import com.google.ortools.linearsolver.MPVariable;
import com.google.ortools.sat.BoolVar;
import com.google.ortools.sat.CpModel;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;

/**
 * OR-Tools in one place: its native library loaded once per JVM (it ships inside the Maven jar),
 * MPSolver (SCIP for MIPs, GLOP for LP relaxations) and CP-SAT runs with a time limit and a cancel
 * that interrupts the native search, and their answers in one shape.
 */
final class OrTools {
  /** The solver's answer: its status, objective, proven bound and variable values. */
  record Outcome(boolean optimal, boolean feasible, double objective, double bound, double[] x) {}

  private static final Outcome NONE =
      new Outcome(false, false, Double.NaN, Double.NaN, new double[0]);

  private static boolean loaded;

  private OrTools() {}

  static synchronized void load() {
    if (!loaded) {
      Loader.loadNativeLibraries();
      loaded = true;
    }
  }

  /** A fresh MPSolver ("SCIP", "GLOP", "CBC"), quiet. */
  static MPSolver solver(String id) {
    load();
    MPSolver solver = MPSolver.createSolver(id);
    if (solver == null) {
      throw new IllegalStateException("OR-Tools has no solver " + id);
    }
    solver.suppressOutput();
    return solver;
  }

  /**
   * Solves and reads x. An LP's optimum is its bound; a MIP stopped early reports its incumbent and
   * best bound. The solver's native memory is freed here.
   */
  static Outcome solve(MPSolver solver, MPVariable[] x, SitingRun run, double seconds) {
    if (run.cancelled()) {
      solver.delete();
      return NONE;
    }
    solver.setTimeLimit(Math.max(1, (long) (seconds * 1000)));
    MPSolver.ResultStatus status;
    try (SitingRun.Registration ignored = run.onCancel(solver::interruptSolve)) {
      MPSolverParameters parameters = new MPSolverParameters();
      if (solver.isMip()) {
        // OR-Tools' default stops MIPs at a 1e-4 relative gap; "optimal" here means proven.
        parameters.setDoubleParam(MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP, 1e-9);
      }
      run.progress(0, "solver");
      status = solver.solve(parameters);
    }
    try {
      boolean optimal = status == MPSolver.ResultStatus.OPTIMAL;
      boolean feasible = optimal || status == MPSolver.ResultStatus.FEASIBLE;
      if (!feasible) {
        return NONE;
      }
      double[] values = new double[x.length];
      for (int j = 0; j < x.length; j++) {
        values[j] = x[j].solutionValue();
      }
      double objective = solver.objective().value();
      boolean isMip = solver.isMip();
      double bound = isMip ? solver.objective().bestBound() : objective;
      return new Outcome(optimal, true, objective, bound, values);
    } finally {
      solver.delete();
    }
  }

  /** Runs CP-SAT on two workers (the machine is shared) and reads the Boolean x. */
  static Outcome solve(CpModel model, BoolVar[] x, SitingRun run, double seconds) {
    if (run.cancelled()) {
      return NONE;
    }
    load();
    CpSolver solver = new CpSolver();
    solver.getParameters().setMaxTimeInSeconds(Math.max(0.01, seconds)).setNumWorkers(2);
    CpSolverStatus status;
    try (SitingRun.Registration ignored = run.onCancel(solver::stopSearch)) {
      run.progress(0, "solver");
      status = solver.solve(model);
    }
    boolean optimal = status == CpSolverStatus.OPTIMAL;
    if (!optimal && status != CpSolverStatus.FEASIBLE) {
      return NONE;
    }
    double[] values = new double[x.length];
    for (int j = 0; j < x.length; j++) {
      values[j] = solver.booleanValue(x[j]) ? 1 : 0;
    }
    return new Outcome(optimal, true, solver.objectiveValue(), solver.bestObjectiveBound(), values);
  }

  /** The indices whose value rounds to 1. */
  static int[] ones(double[] x) {
    int count = 0;
    for (double v : x) {
      if (v > 0.5) {
        count++;
      }
    }
    int[] out = new int[count];
    int at = 0;
    for (int j = 0; j < x.length; j++) {
      if (x[j] > 0.5) {
        out[at++] = j;
      }
    }
    return out;
  }
}
