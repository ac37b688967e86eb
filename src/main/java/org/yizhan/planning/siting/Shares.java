package org.yizhan.planning.siting;

import org.yizhan.planning.CoverInstance;

/** Coverage shares of an instance with sites added. */
final class Shares {
  private Shares() {}

  /** The share of all demand weight covered by the fixed network or one of {@code sites}. */
  static double covered(CoverInstance in, int[] sites) {
    boolean[] reached = in.covered().clone();
    for (int j : sites) {
      for (int i : in.covers()[j]) {
        reached[i] = true;
      }
    }
    double total = 0;
    double covered = 0;
    for (int i = 0; i < reached.length; i++) {
      total += in.weight()[i];
      covered += reached[i] ? in.weight()[i] : 0;
    }
    return total == 0 ? 0 : covered / total;
  }
}
