package org.yizhan.planning.siting;

import java.util.ArrayList;
import java.util.List;
import org.yizhan.planning.CoverInstance;

/**
 * The maximal covering run: reduce, lazy greedy, 1-swap, then either the exact MIP (when the policy
 * says so; it proves its own bound) or a bound: GLOP's LP relaxation when the reduced instance is
 * small, else Lagrangian subgradient, never worse than the submodular bound.
 */
final class Mclp {
  /** Reduced non-zeros up to which AUTO solves exactly (measured in docs/planning-siting.md). */
  static final int EXACT_MAX_NONZEROS = 400_000;

  private Mclp() {}

  static SitingResult solve(CoverInstance in, int k, SitingMethod method, SitingRun run) {
    run.progress(0, "reduce");
    Cover cover = Cover.reduce(in);
    List<String> how = new ArrayList<>();
    MclpSearch search = new MclpSearch(cover);
    search.greedy(k, run);
    how.add("greedy");
    boolean small = cover.size() <= EXACT_MAX_NONZEROS;
    boolean exact =
        method == SitingMethod.MIP
            || method == SitingMethod.CP_SAT
            || method == SitingMethod.AUTO && small;
    search.swap(run, run.phaseDeadline(exact ? 0.1 : 0.25));
    how.add("swap");
    double bound = MclpBound.submodular(search, k);
    String boundBy = "submodular";
    if (exact) {
      // The MIP proves its own bound; a separate one first would only cost time.
    } else if (small) {
      run.progress(0.4, "bound");
      OrTools.Outcome lp = MclpExact.lp(cover, k, run, run.remainingSeconds() * 0.3);
      if (lp.feasible() && lp.optimal() && lp.bound() < bound) {
        bound = lp.bound();
        boundBy = "LP relaxation (GLOP)";
      }
    } else {
      MclpBound.Outcome lagrange =
          MclpBound.lagrangian(
              cover, k, search.value(), search.chosen(), 1e-4, 0, run, run.phaseDeadline(0.6));
      if (lagrange.bound() < bound) {
        bound = lagrange.bound();
        boundBy = "Lagrangian (" + lagrange.iterations() + " subgradient steps)";
      }
      if (lagrange.bestValue() > search.value()) {
        search = new MclpSearch(cover);
        for (int j : lagrange.bestSites()) {
          search.add(j);
        }
        search.swap(run, run.phaseDeadline(0.5));
        how.add("Lagrangian sites+swap");
      }
    }
    boolean proven = false;
    if (exact && !closed(search.value(), bound) && !run.stopped()) {
      run.progress(0.5, "exact");
      OrTools.Outcome out =
          method == SitingMethod.CP_SAT
              ? MclpExact.cpSat(cover, k, search.chosen(), run, run.remainingSeconds())
              : MclpExact.mip(cover, k, search.chosen(), run, run.remainingSeconds());
      how.add(method == SitingMethod.CP_SAT ? "CP-SAT" : "MIP (SCIP)");
      if (out.feasible()) {
        MclpSearch exactSearch = new MclpSearch(cover);
        for (int j : OrTools.ones(out.x())) {
          exactSearch.add(j);
        }
        if (exactSearch.value() >= search.value()) {
          search = exactSearch;
        }
        proven = out.optimal();
        if (out.bound() < bound) {
          bound = out.bound();
          boundBy = how.get(how.size() - 1);
        }
      }
    }
    List<SiteGain> sites = search.ordered(search.chosen());
    double value = search.value();
    run.progress(1, "done");
    return Results.maximised(
        SitingModel.MCLP,
        sites,
        value,
        bound,
        proven,
        String.join("+", how) + "; bound: " + boundBy,
        (cover.coveredWeight + value) / cover.totalWeight,
        run);
  }

  private static boolean closed(double value, double bound) {
    return bound - value <= 1e-9 * Math.max(1, Math.abs(bound));
  }
}
