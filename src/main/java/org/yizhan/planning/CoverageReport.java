package org.yizhan.planning;

import java.util.List;

/**
 * What a coverage run found. Per demand point {@code i}: {@code nearest[i]} is the position in
 * {@link #network} of its nearest site ({@code -1} when the network is empty) at {@code
 * distanceM[i]} metres (infinite then); it is covered when that distance is at most {@code
 * radiusM}. {@code uncovered} lists the uncovered points' indices in ascending order; {@code
 * idleSites} the positions of sites with no demand within {@code radiusM}, ascending. Weights are
 * summed in point order, so a run is reproducible to the last bit.
 *
 * <p>The arrays are not copied: callers must not mutate them.
 */
public record CoverageReport(
    PlanNetwork network,
    double radiusM,
    int points,
    double totalWeight,
    double coveredWeight,
    int[] nearest,
    double[] distanceM,
    int[] uncovered,
    int[] idleSites,
    List<AreaCoverage> byCity,
    List<AreaCoverage> byDistrict) {

  /** Covered share of all demand weight, 0 to 1 (0 for no demand). */
  public double share() {
    return totalWeight == 0 ? 0 : coveredWeight / totalWeight;
  }

  public boolean covered(int i) {
    return distanceM[i] <= radiusM;
  }

  /** The ids of the sites that cover no demand. */
  public List<String> idleSiteIds() {
    return java.util.Arrays.stream(idleSites).mapToObj(network::id).toList();
  }
}
