package org.yizhan.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yizhan.planning.CoverInstance;
import org.yizhan.planning.siting.Siting;
import org.yizhan.planning.siting.SitingMethod;
import org.yizhan.planning.siting.SitingResult;
import org.yizhan.planning.siting.SitingRun;

/**
 * Siting benchmarks of issue 15 on random clustered instances ({@link SitingInstances}).
 *
 * <ul>
 *   <li>{@code city}: MCLP, 5,000 demand, 1,000 candidates, k = 20; the default policy (exact) with
 *       a 30 s limit, CP-SAT on the same model, the heuristic alone, and the baseline in the same
 *       run: Debian's GLPK ({@code glpsol}) on the same reduced model written as CPLEX LP.
 *   <li>{@code national}: MCLP, 1,000,000 demand, 50,000 candidates, k = 100, 60 s limit; the gap
 *       to the Lagrangian bound must be at most 2 %.
 * </ul>
 *
 * <pre>
 * java -cp benchmarks.jar org.yizhan.bench.SitingBenchmark city|national|all|scale|pmedian [SEED]
 * </pre>
 *
 * Prints one {@code SITING ...} line per solve.
 */
public final class SitingBenchmark {

  private SitingBenchmark() {}

  public static void main(String[] args) throws Exception {
    String which = args.length > 0 ? args[0] : "all";
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 15;
    if (which.equals("city") || which.equals("all")) {
      city(seed);
    }
    if (which.equals("national") || which.equals("all")) {
      national(seed);
    }
    if (which.equals("scale")) {
      scale(seed);
    }
    if (which.equals("pmedian")) {
      pMedian(seed);
    }
  }

  /** p-median on the city instance with distances up to 1,200 m, k = 20. */
  private static void pMedian(long seed) {
    CoverInstance in = SitingInstances.generate(SitingInstances.CITY, seed, 1_200);
    long pairs = 0;
    for (int[] n : in.near()) {
      pairs += n.length;
    }
    System.out.printf(Locale.ROOT, "SITING pmedian near_pairs=%d%n", pairs);
    Siting.mclp(in, 2, SitingMethod.MIP, SitingRun.limited(seconds(30)));
    for (SitingMethod method :
        List.of(SitingMethod.HEURISTIC, SitingMethod.AUTO, SitingMethod.MIP)) {
      print(
          "pmedian", method.name(), Siting.pMedian(in, 20, method, SitingRun.limited(seconds(60))));
    }
  }

  /**
   * The city shape at 1, 2, 4 and 8 times its size (same density): how long SCIP takes to prove
   * MCLP optimal as the instance grows, to place the policy's exact-or-heuristic threshold.
   */
  private static void scale(long seed) {
    SitingInstances.Shape c = SitingInstances.CITY;
    for (int f : new int[] {1, 2, 4, 8}) {
      SitingInstances.Shape shape =
          new SitingInstances.Shape(
              c.demand() * f,
              c.candidates() * f,
              c.fixed() * f,
              c.clusters() * f,
              c.sideM() * Math.sqrt(f),
              c.sigmaM(),
              c.radiusM());
      CoverInstance in = SitingInstances.generate(shape, seed);
      String name = "scale-x" + f;
      describe(name, in);
      Siting.mclp(in, 2, SitingMethod.MIP, SitingRun.limited(seconds(30)));
      print(
          name, "MIP", Siting.mclp(in, 20 * f, SitingMethod.MIP, SitingRun.limited(seconds(120))));
      print(
          name,
          "HEURISTIC",
          Siting.mclp(in, 20 * f, SitingMethod.HEURISTIC, SitingRun.limited(seconds(120))));
    }
  }

  private static void city(long seed) throws Exception {
    CoverInstance in = SitingInstances.generate(SitingInstances.CITY, seed);
    describe("city", in);
    int k = 20;
    // Loads OR-Tools' native library and warms the JIT, so the timings below are of solving.
    Siting.mclp(in, 2, SitingMethod.MIP, SitingRun.limited(seconds(30)));
    for (SitingMethod method : List.of(SitingMethod.HEURISTIC, SitingMethod.AUTO)) {
      print("city", method.name(), Siting.mclp(in, k, method, SitingRun.limited(seconds(30))));
    }
    print(
        "city", "CP_SAT", Siting.mclp(in, k, SitingMethod.CP_SAT, SitingRun.limited(seconds(30))));
    glpk(in, k);
  }

  private static void national(long seed) {
    long t0 = System.nanoTime();
    CoverInstance in = SitingInstances.generate(SitingInstances.NATIONAL, seed);
    System.out.printf(
        Locale.ROOT, "SITING national generated in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    describe("national", in);
    print(
        "national",
        "AUTO",
        Siting.mclp(in, 100, SitingMethod.AUTO, SitingRun.limited(seconds(60))));
  }

  /** glpsol on the reduced model exactly as the MIP gets it (Siting.mclpLpFormat). */
  private static void glpk(CoverInstance in, int k) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("siting-glpk");
    Path lp = dir.resolve("mclp.lp");
    Path out = dir.resolve("mclp.out");
    Files.writeString(lp, Siting.mclpLpFormat(in, k), StandardCharsets.US_ASCII);
    long t0 = System.nanoTime();
    Process p =
        new ProcessBuilder("glpsol", "--lp", lp.toString(), "--tmlim", "300", "-o", out.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("glpsol.log").toFile())
            .start();
    int exit = p.waitFor();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    String report = Files.exists(out) ? Files.readString(out) : "";
    Matcher objective = Pattern.compile("Objective:\\s+\\S+\\s+=\\s+(\\S+)").matcher(report);
    Matcher status = Pattern.compile("Status:\\s+(.+)").matcher(report);
    System.out.printf(
        Locale.ROOT,
        "SITING city GLPK exit=%d status=%s objective=%s elapsed_ms=%d (model %s)%n",
        exit,
        status.find() ? status.group(1).trim() : "?",
        objective.find() ? objective.group(1) : "?",
        ms,
        lp);
  }

  private static void describe(String name, CoverInstance in) {
    long pairs = 0;
    for (int[] c : in.covers()) {
      pairs += c.length;
    }
    int covered = 0;
    for (boolean b : in.covered()) {
      covered += b ? 1 : 0;
    }
    System.out.printf(
        Locale.ROOT,
        "SITING %s demand=%d candidates=%d pairs=%d mean_covered_per_candidate=%.1f"
            + " already_covered=%d%n",
        name,
        in.demandCount(),
        in.candidateCount(),
        pairs,
        (double) pairs / in.candidateCount(),
        covered);
  }

  private static void print(String name, String method, SitingResult r) {
    System.out.printf(
        Locale.ROOT,
        "SITING %s %s status=%s objective=%.1f bound=%.1f gap=%.4f%% sites=%d elapsed_ms=%d"
            + " share=%.4f method=\"%s\"%n",
        name,
        method,
        r.status(),
        r.objective(),
        r.bound(),
        100 * r.gap(),
        r.sites().size(),
        r.elapsedMs(),
        r.coveredShare(),
        r.method());
  }

  private static Duration seconds(long s) {
    return Duration.ofSeconds(s);
  }
}
