package org.yizhan.planning.siting;

/** The three siting models. */
public enum SitingModel {
  /** Maximal covering: k new sites maximising newly covered demand weight. */
  MCLP,
  /** Set covering: the fewest new sites reaching a target share of all demand weight. */
  LSCP,
  /** p-median: k new sites minimising total weighted distance to the nearest station. */
  P_MEDIAN
}
