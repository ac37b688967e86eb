package org.yizhan.planning;

import org.yizhan.error.DomainException;

/**
 * A siting instance in index form. Demand i has weight weight[i] > 0. Candidate j covers the demand
 * indices covers[j] (sorted ascending, distinct). covered[i] is true when the fixed network already
 * covers demand i. For p-median: base[i] is demand i's distance in metres to the nearest fixed
 * station (Double.POSITIVE_INFINITY when there is none, then capped at maxDistance), and candidate
 * j's distances to the demand it would serve better than its current station are the sparse pairs
 * near[j] (demand indices, ascending) with nearDist[j] (metres, same order), containing only pairs
 * with distance < min(base[i], maxDistance).
 *
 * <p>An instance meant only for the covering models may leave the p-median part out: {@code base},
 * {@code near} and {@code nearDist} then all have length 0 (and p-median refuses it).
 *
 * <p>The arrays are not copied, for speed (a national instance holds millions of entries): callers
 * must not change them after building the instance. The compact constructor checks every rule above
 * once, in time linear in the instance's size, and names the first broken field.
 */
public record CoverInstance(
    double[] weight,
    boolean[] covered,
    int[][] covers,
    double[] base,
    int[][] near,
    double[][] nearDist,
    double maxDistance) {

  public CoverInstance {
    if (weight == null || covered == null || covers == null) {
      throw invalid("weight", "weight, covered and covers are required");
    }
    int n = weight.length;
    if (n == 0) {
      throw invalid("weight", "needs at least one demand point");
    }
    for (int i = 0; i < n; i++) {
      if (!(weight[i] > 0) || Double.isInfinite(weight[i])) {
        throw invalid("weight[" + i + "]", "must be a finite number above 0");
      }
    }
    if (covered.length != n) {
      throw invalid("covered", "has " + covered.length + " entries for " + n + " demand points");
    }
    for (int j = 0; j < covers.length; j++) {
      checkIndices("covers[" + j + "]", covers[j], n);
    }
    if (base == null || near == null || nearDist == null) {
      throw invalid("base", "base, near and nearDist are required (length 0 when not used)");
    }
    if (base.length != 0 || near.length != 0 || nearDist.length != 0) {
      checkDistances(n, covers.length, base, near, nearDist, maxDistance);
    }
  }

  /** Number of demand points. */
  public int demandCount() {
    return weight.length;
  }

  /** Number of candidate sites. */
  public int candidateCount() {
    return covers.length;
  }

  /** Whether the p-median part (base, near, nearDist) is present. */
  public boolean hasDistances() {
    return base.length != 0 || near.length != 0;
  }

  private static void checkDistances(
      int n, int m, double[] base, int[][] near, double[][] nearDist, double maxDistance) {
    if (!(maxDistance > 0) || Double.isInfinite(maxDistance)) {
      throw invalid("maxDistance", "must be a finite number of metres above 0");
    }
    if (base.length != n) {
      throw invalid("base", "has " + base.length + " entries for " + n + " demand points");
    }
    for (int i = 0; i < n; i++) {
      if (!(base[i] >= 0) || base[i] > maxDistance) {
        throw invalid("base[" + i + "]", "must be between 0 and maxDistance");
      }
    }
    if (near.length != m || nearDist.length != m) {
      throw invalid("near", "near and nearDist need one entry per candidate (" + m + ")");
    }
    for (int j = 0; j < m; j++) {
      checkIndices("near[" + j + "]", near[j], n);
      if (nearDist[j] == null || nearDist[j].length != near[j].length) {
        throw invalid("nearDist[" + j + "]", "must have as many entries as near[" + j + "]");
      }
      for (int k = 0; k < near[j].length; k++) {
        double d = nearDist[j][k];
        if (!(d >= 0) || d >= base[near[j][k]]) {
          throw invalid(
              "nearDist[" + j + "][" + k + "]",
              "must be at least 0 and below the demand's base distance");
        }
      }
    }
  }

  private static void checkIndices(String field, int[] indices, int n) {
    if (indices == null) {
      throw invalid(field, "is missing");
    }
    int previous = -1;
    for (int i : indices) {
      if (i <= previous || i >= n) {
        throw invalid(field, "must hold distinct demand indices below " + n + ", ascending");
      }
      previous = i;
    }
  }

  private static DomainException.InvalidInput invalid(String field, String reason) {
    return DomainException.InvalidInput.of(field, reason);
  }
}
