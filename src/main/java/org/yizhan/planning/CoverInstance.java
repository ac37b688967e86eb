package org.yizhan.planning;

/**
 * A siting instance in index form. Demand i has weight weight[i] > 0. Candidate j covers the demand
 * indices covers[j] (sorted ascending, distinct). covered[i] is true when the fixed network already
 * covers demand i. For p-median: base[i] is demand i's distance in metres to the nearest fixed
 * station (Double.POSITIVE_INFINITY when there is none, then capped at maxDistance), and candidate
 * j's distances to the demand it would serve better than its current station are the sparse pairs
 * near[j] (demand indices, ascending) with nearDist[j] (metres, same order), containing only pairs
 * with distance < min(base[i], maxDistance).
 */
public record CoverInstance(
    double[] weight,
    boolean[] covered,
    int[][] covers,
    double[] base,
    int[][] near,
    double[][] nearDist,
    double maxDistance) {}
