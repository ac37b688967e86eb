package org.yizhan.planning.siting;

import org.yizhan.planning.CoverInstance;

/**
 * The p-median part of an instance reduced: only demand some candidate would serve better than its
 * current station (the rest keep their distance, a constant), only candidates serving some demand.
 * Candidate c is {@code original[c]}; its pairs are {@code demand[start[c] .. start[c+1])} with
 * {@code saving} = weight &times; (base distance - distance), the weighted metres it saves when it
 * serves that demand alone.
 */
final class Distances {
  final int[] original;
  final int[] start;
  final int[] demand;
  final double[] distance;
  final double[] base;
  final double[] weight;
  final double baseCost;

  private Distances(
      int[] original,
      int[] start,
      int[] demand,
      double[] distance,
      double[] base,
      double[] weight,
      double baseCost) {
    this.original = original;
    this.start = start;
    this.demand = demand;
    this.distance = distance;
    this.base = base;
    this.weight = weight;
    this.baseCost = baseCost;
  }

  int candidateCount() {
    return original.length;
  }

  int demandCount() {
    return base.length;
  }

  int size() {
    return demand.length;
  }

  static Distances reduce(CoverInstance in) {
    int n = in.demandCount();
    int[] local = new int[n];
    java.util.Arrays.fill(local, -1);
    int active = 0;
    int pairs = 0;
    int kept = 0;
    for (int[] list : in.near()) {
      pairs += list.length;
      kept += list.length > 0 ? 1 : 0;
      for (int i : list) {
        if (local[i] < 0) {
          local[i] = active++;
        }
      }
    }
    double baseCost = 0;
    double[] base = new double[active];
    double[] weight = new double[active];
    for (int i = 0; i < n; i++) {
      baseCost += in.weight()[i] * in.base()[i];
      if (local[i] >= 0) {
        base[local[i]] = in.base()[i];
        weight[local[i]] = in.weight()[i];
      }
    }
    int[] original = new int[kept];
    int[] start = new int[kept + 1];
    int[] demand = new int[pairs];
    double[] distance = new double[pairs];
    int c = 0;
    int at = 0;
    for (int j = 0; j < in.candidateCount(); j++) {
      int[] list = in.near()[j];
      if (list.length == 0) {
        continue;
      }
      for (int q = 0; q < list.length; q++) {
        demand[at] = local[list[q]];
        distance[at++] = in.nearDist()[j][q];
      }
      original[c++] = j;
      start[c] = at;
    }
    return new Distances(original, start, demand, distance, base, weight, baseCost);
  }
}
